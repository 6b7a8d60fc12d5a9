import { describe } from 'vitest'
import { verifyShard } from './verifyShard.ts'

describe('every lesson, both ways (part 3 of 4)', () => verifyShard(2, 4))
