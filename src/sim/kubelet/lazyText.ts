/**
 * File text made when something first reads it. Every container's root gets a service account
 * token, a hosts file and a resolv.conf, and most containers never read a file: making that text
 * for each of thousands of pods was a share of every start and of the memory they kept. The text
 * depends only on values fixed when the container was created, which the maker holds.
 */
export class LazyText {
  private made: string | undefined

  constructor(private readonly make: () => string) {}

  get text(): string {
    this.made ??= this.make()
    return this.made
  }
}

export type FileText = string | LazyText

export function textOf(v: FileText): string {
  return typeof v === 'string' ? v : v.text
}

/** A root recipe's file whose text is made when the root is built or saved. */
export class LazyFileOp {
  constructor(
    readonly path: string,
    readonly content: LazyText,
  ) {}

  /** As a snapshot holds every written file. */
  toJSON(): [string, string] {
    return [this.path, this.content.text]
  }
}
