/** Things people will do later (open an email, buy, come back to a cart), earliest first. */
export class Schedule<T> {
  private heap: { at: number; seq: number; item: T }[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  add(at: number, item: T): void {
    this.heap.push({ at, seq: this.seq++, item });
    let i = this.heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes and returns everything due at or before `now`, in time order (ties: in order added). */
  takeDue(now: number): { at: number; item: T }[] {
    const out: { at: number; item: T }[] = [];
    while (this.heap.length && this.heap[0]!.at <= now) {
      const top = this.heap[0]!;
      const last = this.heap.pop()!;
      if (this.heap.length) {
        this.heap[0] = last;
        this.sink(0);
      }
      out.push({ at: top.at, item: top.item });
    }
    return out;
  }

  private sink(i: number): void {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < this.heap.length && this.before(l, m)) m = l;
      if (r < this.heap.length && this.before(r, m)) m = r;
      if (m === i) return;
      this.swap(i, m);
      i = m;
    }
  }

  private before(a: number, b: number): boolean {
    const x = this.heap[a]!;
    const y = this.heap[b]!;
    return x.at < y.at || (x.at === y.at && x.seq < y.seq);
  }

  private swap(a: number, b: number): void {
    [this.heap[a], this.heap[b]] = [this.heap[b]!, this.heap[a]!];
  }
}
