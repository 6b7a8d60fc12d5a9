/**
 * Compiles lessons/lesson.schema.json into a standalone validator module (src/generated/), so
 * the browser validates lessons without evaluating code at run time (the page's CSP forbids it).
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Ajv from 'ajv'
import standaloneCode from 'ajv/dist/standalone/index.js'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const schema = JSON.parse(readFileSync(join(root, 'lessons/lesson.schema.json'), 'utf8'))
const ajv = new Ajv({ allErrors: true, strict: false, code: { source: true, esm: true } })
const validate = ajv.compile(schema)
const out = join(root, 'src/generated/lessonValidator.js')
mkdirSync(dirname(out), { recursive: true })
writeFileSync(out, standaloneCode(ajv, validate))
writeFileSync(
  join(root, 'src/generated/lessonValidator.d.ts'),
  "import type { ErrorObject } from 'ajv'\ndeclare const validate: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null }\nexport default validate\n",
)
console.log(`lesson validator → ${out}`)
