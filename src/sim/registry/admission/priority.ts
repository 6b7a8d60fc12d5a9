import type { KObject } from '../../api/types.ts'
import { forbidden } from '../../api/errors.ts'
import { registerAdmission } from '../../apiserver/strategy.ts'

/** The two classes every cluster has (scheduling.k8s.io system priority classes). */
const SYSTEM_CLASSES: Record<string, number> = {
  'system-node-critical': 2000001000,
  'system-cluster-critical': 2000000000,
}

/** plugin/pkg/admission/priority: resolves priorityClassName to spec.priority. */
registerAdmission({
  name: 'Priority',
  admit(op, obj: KObject, _old, ctx) {
    if (op !== 'CREATE' || ctx.info.id !== 'pods' || !obj.spec) return
    const spec = obj.spec
    const name: string | undefined = spec.priorityClassName
    let value = 0
    let policy = 'PreemptLowerPriority'
    if (name) {
      const pc = ctx.api.tryGet('priorityclasses.scheduling.k8s.io', undefined, name)
      if (pc) {
        value = pc.value ?? 0
        policy = pc.preemptionPolicy ?? policy
      } else if (name in SYSTEM_CLASSES) {
        value = SYSTEM_CLASSES[name]
      } else {
        throw forbidden(
          `pods "${obj.metadata.name}" is forbidden: no PriorityClass with name ${name} was found`,
          { name: obj.metadata.name, kind: 'pods' },
        )
      }
    } else {
      const global = ctx.api
        .list('priorityclasses.scheduling.k8s.io')
        .items.find((pc) => pc.globalDefault)
      if (global) {
        spec.priorityClassName = global.metadata.name
        value = global.value ?? 0
        policy = global.preemptionPolicy ?? policy
      }
    }
    if (spec.priority !== undefined && spec.priority !== value) {
      throw forbidden(
        `pods "${obj.metadata.name}" is forbidden: the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${value} from the given PriorityClass name`,
        { name: obj.metadata.name, kind: 'pods' },
      )
    }
    spec.priority = value
    spec.preemptionPolicy ??= policy
  },
})
