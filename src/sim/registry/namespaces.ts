import { registerStrategy } from '../apiserver/strategy.ts'

registerStrategy('namespaces', {
  defaults(obj) {
    obj.metadata.labels = {
      ...(obj.metadata.labels ?? {}),
      'kubernetes.io/metadata.name': obj.metadata.name!,
    }
    obj.spec = { finalizers: ['kubernetes'], ...(obj.spec ?? {}) }
  },
  prepareCreate(obj) {
    obj.status = { phase: 'Active' }
  },
})
