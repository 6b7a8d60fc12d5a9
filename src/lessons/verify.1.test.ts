import { describe } from 'vitest'
import { verifyShard } from './verifyShard.ts'

describe('every lesson, both ways (part 2 of 4)', () => verifyShard(1, 4))
