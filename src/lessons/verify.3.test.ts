import { describe } from 'vitest'
import { verifyShard } from './verifyShard.ts'

describe('every lesson, both ways (part 4 of 4)', () => verifyShard(3, 4))
