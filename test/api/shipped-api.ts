import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/** A declaration of a built `.d.ts` whose TSDoc carries `@internal`. */
export interface ShippedInternal {
  /** `lib/grafana/dashboard.d.ts:12`, relative to the folder that was scanned. */
  readonly where: string;
  /** The declaration's name, with its class, interface or namespace: `Dashboard._render`. */
  readonly name: string;
}

/** Every `.d.ts` file under `dir`, recursively, sorted. */
export function declarationFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.d.ts')) files.push(file);
    }
  };
  walk(dir);
  return files.sort();
}

/**
 * The declarations of one `.d.ts` text (statements, and members of classes, interfaces, enums and namespaces)
 * that a comment marked `@internal` precedes, as `stripInternal` would recognise them (any leading comment
 * containing `@internal`). Whatever a declaration file declares ships: exported, or reachable from something
 * exported, so every such declaration is an internal name in the package's types.
 */
export function internalDeclarationsIn(fileName: string, text: string): ShippedInternal[] {
  const source = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, true);
  const found: ShippedInternal[] = [];
  const nameOf = (node: ts.Node): string => {
    if (ts.isVariableStatement(node)) return node.declarationList.declarations.map((d) => d.name.getText(source)).join(', ');
    if (ts.isConstructorDeclaration(node)) return 'constructor';
    const name = (node as ts.NamedDeclaration).name;
    return name ? name.getText(source) : ts.SyntaxKind[node.kind];
  };
  const isInternal = (node: ts.Node) =>
    (ts.getLeadingCommentRanges(text, node.pos) ?? []).some((r) => text.slice(r.pos, r.end).includes('@internal'));
  const visit = (nodes: readonly ts.Node[], owner: string) => {
    for (const node of nodes) {
      const qualified = owner ? `${owner}.${nameOf(node)}` : nameOf(node);
      if (isInternal(node)) {
        const { line } = source.getLineAndCharacterOfPosition(node.getStart(source));
        found.push({ where: `${fileName}:${line + 1}`, name: qualified });
      }
      if (ts.isClassDeclaration(node) || ts.isInterfaceDeclaration(node)) visit(node.members, qualified);
      else if (ts.isEnumDeclaration(node)) visit(node.members, qualified);
      else if (ts.isModuleDeclaration(node) && node.body && ts.isModuleBlock(node.body)) visit(node.body.statements, qualified);
    }
  };
  visit(source.statements, '');
  return found;
}

/** The `@internal` declarations of every `.d.ts` under `dir`, with paths relative to `dir`. */
export function shippedInternals(dir: string): ShippedInternal[] {
  return declarationFiles(dir).flatMap((file) => internalDeclarationsIn(path.relative(dir, file), fs.readFileSync(file, 'utf8')));
}

/**
 * Public constructors marked `@internal` in the exported classes of the `.ts` files under `dir`: `stripInternal`
 * drops them from the declarations, and the class then declares the implicit `constructor()` instead, a way to
 * create it that does not exist. As `Class.constructor`, with `file:line` relative to `root`.
 */
export function strippedConstructors(dir: string, root: string): ShippedInternal[] {
  const found: ShippedInternal[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const file = path.join(d, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
        const text = fs.readFileSync(file, 'utf8');
        if (!text.includes('@internal')) continue;
        const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
        for (const st of source.statements) {
          if (!ts.isClassDeclaration(st) || !st.name || !(ts.getCombinedModifierFlags(st) & ts.ModifierFlags.Export)) continue;
          for (const member of st.members) {
            if (!ts.isConstructorDeclaration(member)) continue;
            if (ts.getCombinedModifierFlags(member) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) continue;
            const internal = (ts.getLeadingCommentRanges(text, member.pos) ?? []).some((r) => text.slice(r.pos, r.end).includes('@internal'));
            if (!internal) continue;
            const { line } = source.getLineAndCharacterOfPosition(member.getStart(source));
            found.push({ where: `${path.relative(root, file)}:${line + 1}`, name: `${st.name.text}.constructor` });
          }
        }
      }
    }
  };
  walk(dir);
  return found;
}

/** A name the package root exports, as its built declarations declare it. */
export interface RootExport {
  readonly name: string;
  /** `namespace`, `class`, `interface`, `enum`, `function`, `variable` or `type`. */
  readonly kind: string;
  /** Whether its declaration is marked `@deprecated`. */
  readonly deprecated: boolean;
}

/** Every name `index.d.ts` exports (re-exports followed to their declarations), sorted by name. */
export function rootExports(indexDts: string): RootExport[] {
  const program = ts.createProgram([indexDts], { noEmit: true, skipLibCheck: true, types: [] });
  const checker = program.getTypeChecker();
  const moduleSymbol = checker.getSymbolAtLocation(program.getSourceFile(indexDts)!)!;
  const kindOf = (decl: ts.Declaration | undefined): string => {
    if (decl === undefined) return 'unknown';
    if (ts.isSourceFile(decl) || ts.isModuleDeclaration(decl)) return 'namespace';
    if (ts.isClassDeclaration(decl)) return 'class';
    if (ts.isInterfaceDeclaration(decl)) return 'interface';
    if (ts.isEnumDeclaration(decl)) return 'enum';
    if (ts.isFunctionDeclaration(decl)) return 'function';
    if (ts.isVariableDeclaration(decl)) return 'variable';
    if (ts.isTypeAliasDeclaration(decl)) return 'type';
    return ts.SyntaxKind[decl.kind];
  };
  return checker.getExportsOfModule(moduleSymbol).map((s) => {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    const decl = target.declarations?.[0];
    const kind = kindOf(decl);
    const deprecated = decl !== undefined && kind !== 'namespace' && ts.getJSDocTags(decl).some((t) => t.tagName.text === 'deprecated');
    return { name: s.name, kind, deprecated };
  }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
