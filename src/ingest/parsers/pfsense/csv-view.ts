/**
 * Comma positions of one CSV line, so fields are sliced only when read. filterlog lines have
 * ~30 fields of which the parser needs about ten; `split(',')` would allocate all of them.
 * One shared view is reused: parsing is synchronous and a view never outlives a parse call.
 */
const MAX_FIELDS = 48;

export class CsvView {
  private s = '';
  private readonly at = new Int32Array(MAX_FIELDS + 1);
  /** Number of fields (the last one takes the rest of the line beyond MAX_FIELDS). */
  n = 0;

  reset(s: string): this {
    this.s = s;
    const at = this.at;
    let n = 0;
    let p = 0;
    at[0] = 0;
    for (;;) {
      const c = n + 1 < MAX_FIELDS ? s.indexOf(',', p) : -1;
      n++;
      if (c < 0) {
        at[n] = s.length + 1;
        break;
      }
      at[n] = c + 1;
      p = c + 1;
    }
    this.n = n;
    return this;
  }

  get(i: number): string | undefined {
    return i < this.n ? this.s.slice(this.at[i], this.at[i + 1] - 1) : undefined;
  }

  /** Field `i` equals `w`, without slicing. */
  is(i: number, w: string): boolean {
    return i < this.n && this.at[i + 1] - 1 - this.at[i] === w.length && this.s.startsWith(w, this.at[i]);
  }
}
