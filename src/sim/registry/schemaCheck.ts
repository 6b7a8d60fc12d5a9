import { setFieldCheck } from '../apiserver/strategy.ts'
import { checkFields } from '../schema/fieldCheck.ts'

// Every write is decoded against the v1.32 schema, as the API server's strict decoder does.
setFieldCheck((_info, obj) => checkFields(obj))
