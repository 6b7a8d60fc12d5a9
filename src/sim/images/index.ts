// The catalogue of images the simulated registry serves: one module per image family.
import './nginx.ts'
import './hellok8s.ts'
import './toolImages.ts'
import './apps.ts'
import './stress.ts'
import './databases.ts'
import './system.ts'

export {
  registerImage,
  registerAlias,
  pushTag,
  resolveImage,
  normaliseRef,
  parseImageRef,
  imageRepository,
} from './catalogue.ts'
export type { ImageDef, Program, ProgramContext, StopBehaviour, TagInfo } from './types.ts'
