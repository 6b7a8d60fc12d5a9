// Registers every resource's API strategy (defaulting, validation, allocation) and admission plugin.
import './namespaces.ts'
import './schemaCheck.ts'
import './pods.ts'
import './configmapsSecrets.ts'
import './services.ts'
import './batch.ts'
// Admission plugins in kube-apiserver's order: mutating ones first, ResourceQuota last.
import './admission/limitRanger.ts'
import './admission/serviceAccount.ts'
import './admission/defaultTolerations.ts'
import './admission/priority.ts'
import './admission/resourceQuota.ts'
