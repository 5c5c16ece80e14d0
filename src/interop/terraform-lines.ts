/**
 * Where the blocks and arguments of an HCL file are: the HCL parser (@cdktn/hcl2json) gives the
 * values but no positions, and the import's warnings name lines. This reads only the structure
 * (block headers, argument names, nesting), skipping over expressions, strings, heredocs and
 * comments. It runs on files the parser has accepted, yet it is total: any text gives a tree.
 */

export interface HclBlockLines {
  /** The block's type and labels: `["resource", "alicloud_slb_listener", "x"]`, `["servers"]`. */
  header: string[];
  line: number;
  /** Each argument's line, by name. */
  attributes: Map<string, number>;
  /** Nested blocks in the file's order. */
  blocks: HclBlockLines[];
}

const IDENT_START = /[A-Za-z_]/;
const IDENT = /[A-Za-z0-9_-]/;

class Scanner {
  i = 0;
  line = 1;
  constructor(readonly text: string) {}

  peek(offset = 0): string {
    return this.text[this.i + offset] ?? '';
  }
  advance(): void {
    if (this.text[this.i] === '\n') this.line++;
    this.i++;
  }
  done(): boolean {
    return this.i >= this.text.length;
  }

  /** Skips blanks and comments; newlines too when `newlines`. Returns whether a newline was passed. */
  skipSpace(newlines: boolean): boolean {
    let passed = false;
    while (!this.done()) {
      const c = this.peek();
      if (c === '\n') {
        if (!newlines) return passed;
        passed = true;
        this.advance();
      } else if (c === ' ' || c === '\t' || c === '\r') this.advance();
      else if (c === '#' || (c === '/' && this.peek(1) === '/')) {
        while (!this.done() && this.peek() !== '\n') this.advance();
      } else if (c === '/' && this.peek(1) === '*') {
        this.advance();
        this.advance();
        while (!this.done() && !(this.peek() === '*' && this.peek(1) === '/')) this.advance();
        this.advance();
        this.advance();
      } else return passed;
    }
    return passed;
  }

  ident(): string {
    const start = this.i;
    if (IDENT_START.test(this.peek())) while (!this.done() && IDENT.test(this.peek())) this.advance();
    return this.text.slice(start, this.i);
  }

  /** A quoted string with its templates (`${ … }` may hold strings and braces); returns its text. */
  string(): string {
    this.advance();
    let value = '';
    while (!this.done()) {
      const c = this.peek();
      if (c === '\\') {
        value += this.peek(1);
        this.advance();
        this.advance();
      } else if (c === '"') {
        this.advance();
        return value;
      } else if (c === '\n') return value;
      else if ((c === '$' || c === '%') && this.peek(1) === '{') {
        this.advance();
        this.advance();
        this.nested('}');
      } else {
        value += c;
        this.advance();
      }
    }
    return value;
  }

  /** Skips until the `close` that ends the current bracket (after its opener), through nested brackets and strings. */
  nested(close: string): void {
    while (!this.done()) {
      const c = this.peek();
      if (c === close) {
        this.advance();
        return;
      }
      this.token();
    }
  }

  heredoc(): void {
    const match = /^<<-?([A-Za-z_][A-Za-z0-9_-]*)[ \t]*\r?\n/.exec(this.text.slice(this.i, this.i + 200));
    if (!match) {
      this.advance();
      return;
    }
    for (let k = 0; k < match[0].length; k++) this.advance();
    while (!this.done()) {
      const end = this.text.indexOf('\n', this.i);
      const lineText = this.text.slice(this.i, end < 0 ? this.text.length : end);
      const closes = lineText.trim() === match[1];
      while (!this.done() && this.peek() !== '\n') this.advance();
      if (closes) return;
      this.advance();
    }
  }

  /** One token of an expression, brackets with all they hold. */
  token(): void {
    const c = this.peek();
    if (c === '"') this.string();
    else if (c === '(' || c === '[' || c === '{') {
      this.advance();
      this.nested(c === '(' ? ')' : c === '[' ? ']' : '}');
    }
    else if (c === '<' && this.peek(1) === '<') this.heredoc();
    else if (c === '#' || (c === '/' && (this.peek(1) === '/' || this.peek(1) === '*'))) this.skipSpace(false);
    else this.advance();
  }

  /** An argument's expression: up to the end of its line (brackets may span lines) or the body's `}`. */
  expression(): void {
    this.skipSpace(false);
    while (!this.done() && this.peek() !== '\n' && this.peek() !== '}') {
      this.token();
      this.skipSpace(false);
    }
  }

  /** A body's arguments and blocks, up to its `}` (consumed) or the end of the file. */
  body(into: HclBlockLines): void {
    for (;;) {
      this.skipSpace(true);
      if (this.done()) return;
      const c = this.peek();
      if (c === '}') {
        this.advance();
        return;
      }
      const line = this.line;
      const name = c === '"' ? this.string() : this.ident();
      if (name === '' && c !== '"') {
        // Not something a body holds: step over it so the scan always moves on.
        this.token();
        continue;
      }
      this.skipSpace(false);
      if (this.peek() === '=' && this.peek(1) !== '=') {
        this.advance();
        if (!into.attributes.has(name)) into.attributes.set(name, line);
        this.expression();
        continue;
      }
      const header = [name];
      while (!this.done() && this.peek() !== '{' && this.peek() !== '\n') {
        if (this.peek() === '"') header.push(this.string());
        else {
          const label = this.ident();
          if (label === '') break;
          header.push(label);
        }
        this.skipSpace(false);
      }
      if (this.peek() === '{') {
        this.advance();
        const block: HclBlockLines = { header, line, attributes: new Map(), blocks: [] };
        into.blocks.push(block);
        this.body(block);
      } else this.expression();
    }
  }
}

/** The file's blocks and arguments with their lines. */
export function hclLines(text: string): HclBlockLines {
  const root: HclBlockLines = { header: [], line: 1, attributes: new Map(), blocks: [] };
  const scanner = new Scanner(text);
  // A stray `}` at the top level ends body(); carry on past it so later blocks still get lines.
  while (!scanner.done()) scanner.body(root);
  return root;
}
