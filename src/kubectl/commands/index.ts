// Each verb registers itself with the command table when imported.
import './get.ts'
import './create.ts'
import './apply.ts'
import './delete.ts'
import '../kubeconfig/commands.ts'
