import * as path from 'path';
import * as ts from 'typescript';

/** The repository root. */
const ROOT = path.resolve(__dirname, '..', '..');

/** One rule of the public API that a symbol breaks. */
export type RuleName = 'doc' | 'default' | 'union' | 'overload' | 'this';

/** A symbol of the public API that breaks a rule, with where it is declared. */
export interface Offence {
  readonly rule: RuleName;
  /** The symbol as a user reaches it from the package root, e.g. `alertmanager.Route.addRoute`. */
  readonly symbol: string;
  /** `lib/x/y.ts:12`. */
  readonly where: string;
  readonly detail: string;
}

/**
 * Walks the public API (the exports of `entryPoint`, lib/index.ts by default, recursively through the `export * as` namespaces) with
 * the TypeScript compiler and returns every symbol that breaks one of the product rules:
 * - `doc`: an exported class, interface, enum, function, constant or type, a public member of an exported
 *   class or a property of an exported interface without a JSDoc description;
 * - `default`: an optional field of an exported `XxxProps`/`XxxOptions` interface without `@default`;
 * - `union`: a union type (other than with `undefined`/`null`), or `any`, in the type of a public property,
 *   parameter or return value, or an exported type alias that is such a union;
 * - `overload`: a function or method with more than one signature;
 * - `this`: a public method of a class extending `Construct` that returns `this` (fluent chains).
 * Members marked `@internal` or whose name starts with `_` are not public.
 */
export function publicApiOffences(entryPoint: string = path.join(ROOT, 'lib', 'index.ts')): Offence[] {
  const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  const parsed = ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT);
  const program = ts.createProgram({ rootNames: [entryPoint], options: { ...parsed.options, noEmit: true } });
  const checker = program.getTypeChecker();
  // only declarations under the entry point's folder are the package's own
  const libDir = path.dirname(path.resolve(entryPoint)) + path.sep;
  const index = program.getSourceFile(entryPoint);
  if (!index) throw new Error(`${entryPoint} is not in the program`);

  const offences: Offence[] = [];
  const seen = new Set<ts.Node>();
  const inLib = (node: ts.Node) => path.resolve(node.getSourceFile().fileName).startsWith(libDir);
  const where = (node: ts.Node) => {
    const sf = node.getSourceFile();
    const { line } = sf.getLineAndCharacterOfPosition(node.getStart());
    return `${path.relative(ROOT, sf.fileName)}:${line + 1}`;
  };
  const report = (rule: RuleName, symbol: string, node: ts.Node, detail: string) => {
    offences.push({ rule, symbol, where: where(node), detail });
  };

  const docNode = (decl: ts.Node): ts.Node => (ts.isVariableDeclaration(decl) && decl.parent.parent ? decl.parent.parent : decl);
  const jsDocs = (decl: ts.Node): ts.JSDoc[] => ((docNode(decl) as any).jsDoc ?? []) as ts.JSDoc[];
  const isInternal = (decl: ts.Node) => jsDocs(decl).some((d) => (d.tags ?? []).some((t) => t.tagName.text === 'internal'));
  const hasDescription = (decl: ts.Node) =>
    jsDocs(decl).some((d) => {
      const text = typeof d.comment === 'string' ? d.comment : ts.getTextOfJSDocComment(d.comment);
      return !!text && text.trim().length > 0;
    });
  const hasDefault = (decl: ts.Node) => jsDocs(decl).some((d) => (d.tags ?? []).some((t) => t.tagName.text === 'default'));
  const checkDoc = (name: string, decl: ts.Node, what: string) => {
    if (!hasDescription(decl)) report('doc', name, decl, `${what} without a JSDoc description`);
  };

  /** Union types (and `any`, as bad for jsii) in a type node, following local type aliases (each alias once). */
  const unionsIn = (node: ts.TypeNode | undefined, visitedAliases = new Set<ts.Node>()): string[] => {
    const found: string[] = [];
    const visit = (n: ts.Node) => {
      if (ts.isUnionTypeNode(n)) {
        const rest = n.types.filter((t) => !isNullish(t));
        if (rest.length > 1 && !isBooleanLiterals(rest)) found.push(n.getText());
      }
      if (n.kind === ts.SyntaxKind.AnyKeyword) found.push('any');
      if (ts.isTypeReferenceNode(n)) {
        const sym = checker.getSymbolAtLocation(n.typeName);
        const target = sym && sym.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(sym) : sym;
        for (const d of target?.declarations ?? []) {
          if (ts.isTypeAliasDeclaration(d) && inLib(d) && !visitedAliases.has(d)) {
            visitedAliases.add(d);
            for (const u of unionsIn(d.type, visitedAliases)) found.push(`${n.getText()} = ${u}`);
          }
        }
      }
      ts.forEachChild(n, visit);
    };
    if (node) visit(node);
    return found;
  };
  const isNullish = (t: ts.TypeNode) =>
    t.kind === ts.SyntaxKind.UndefinedKeyword || (ts.isLiteralTypeNode(t) && t.literal.kind === ts.SyntaxKind.NullKeyword);
  const isBooleanLiterals = (ts_: ts.TypeNode[]) =>
    ts_.length === 2 && ts_.every((t) => ts.isLiteralTypeNode(t) && (t.literal.kind === ts.SyntaxKind.TrueKeyword || t.literal.kind === ts.SyntaxKind.FalseKeyword));

  const describeType = (u: string) => (u === 'any' ? 'the `any` type' : `union type ${u}`);
  const checkSignatureUnions = (name: string, decl: ts.SignatureDeclaration) => {
    for (const p of decl.parameters) {
      for (const u of unionsIn(p.type)) report('union', name, p, `parameter ${p.name.getText()}: ${describeType(u)}`);
    }
    for (const u of unionsIn(decl.type)) report('union', name, decl, `returns ${describeType(u)}`);
  };
  const checkPropertyUnions = (name: string, decl: ts.Node) => {
    const type = (decl as ts.PropertyDeclaration | ts.PropertySignature).type;
    for (const u of unionsIn(type)) report('union', name, decl, `property type: ${describeType(u)}`);
  };

  const isPublicMember = (sym: ts.Symbol, decl: ts.Declaration) => {
    if (sym.name.startsWith('_') || sym.name.startsWith('#') || isInternal(decl)) return false;
    const flags = ts.getCombinedModifierFlags(decl);
    return !(flags & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected)) && decl.kind !== ts.SyntaxKind.Constructor;
  };

  const extendsConstruct = (type: ts.Type): boolean => {
    const bases = type.isClassOrInterface() ? checker.getBaseTypes(type) : [];
    return bases.some((b) => b.symbol?.name === 'Construct' || extendsConstruct(b));
  };

  /** Whether a member overrides or implements a documented member of a base class or interface (TSDoc inherits it). */
  const inheritsDoc = (type: ts.Type, member: string): boolean => {
    const bases = type.isClassOrInterface() ? [...checker.getBaseTypes(type), ...implemented(type)] : [];
    return bases.some((b) => {
      const prop = b.getProperty(member);
      return (prop?.declarations ?? []).some(hasDescription) || inheritsDoc(b, member);
    });
  };
  const implemented = (type: ts.InterfaceType): ts.Type[] =>
    (type.symbol?.declarations ?? []).filter(ts.isClassDeclaration).flatMap((d) =>
      (d.heritageClauses ?? []).filter((h) => h.token === ts.SyntaxKind.ImplementsKeyword).flatMap((h) => h.types.map((t) => checker.getTypeAtLocation(t))));

  /** Members (own and inherited, as long as they are declared in lib/) of a class or interface type. */
  const checkMembers = (owner: string, type: ts.Type, kind: 'class' | 'interface', isConstruct: boolean) => {
    const props = checker.getPropertiesOfType(type);
    for (const sym of props) {
      const decls = (sym.declarations ?? []).filter((d) => inLib(d));
      if (decls.length === 0) continue;
      const first = decls[0];
      if (!isPublicMember(sym, first)) continue;
      const name = `${owner}.${sym.name}`;
      const methodDecls = decls.filter((d): d is ts.MethodDeclaration | ts.MethodSignature => ts.isMethodDeclaration(d) || ts.isMethodSignature(d));
      // a method's JSDoc sits on the first signature (overloads) or on the implementation
      if (!seen.has(first)) {
        seen.add(first);
        if (kind === 'class' || ts.isPropertySignature(first) || ts.isMethodSignature(first)) {
          if (!decls.some(hasDescription) && !inheritsDoc(type, sym.name)) {
            report('doc', name, first, `${kind === 'class' ? 'public member' : 'property'} without a JSDoc description`);
          }
        }
        if (methodDecls.length > 0) {
          const signatures = methodDecls.filter((d) => !(ts.isMethodDeclaration(d) && d.body !== undefined) || methodDecls.length === 1);
          if (signatures.length > 1) report('overload', name, first, `${signatures.length} overloaded signatures`);
          for (const d of methodDecls) checkSignatureUnions(name, d);
        } else if (ts.isGetAccessorDeclaration(first)) {
          for (const u of unionsIn(first.type)) report('union', name, first, `getter returns union type ${u}`);
        } else if (ts.isPropertyDeclaration(first) || ts.isPropertySignature(first)) {
          checkPropertyUnions(name, first);
          if (kind === 'interface' && /(Props|Options)$/.test(owner) && first.questionToken && !decls.some(hasDefault)) {
            report('default', name, first, 'optional field of a props interface without @default');
          }
        }
      }
      if (isConstruct && kind === 'class') {
        for (const d of methodDecls) {
          const sig = checker.getSignatureFromDeclaration(d);
          const ret = sig && checker.getReturnTypeOfSignature(sig);
          if ((d.type && d.type.kind === ts.SyntaxKind.ThisType) || (ret && (ret as any).isThisType)) {
            report('this', name, d, 'public method of a construct returns `this` (fluent chain)');
          }
        }
      }
    }
  };

  const visitModule = (moduleSymbol: ts.Symbol, prefix: string) => {
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const sym = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const name = prefix + exported.name;
      const decls = sym.declarations ?? [];
      if (decls.some((d) => ts.isSourceFile(d) || ts.isModuleDeclaration(d))) {
        visitModule(sym, `${name}.`);
        continue;
      }
      for (const decl of decls) {
        if (!inLib(decl) || seen.has(decl)) continue;
        seen.add(decl);
        if (isInternal(decl)) continue;

        if (ts.isClassDeclaration(decl)) {
          checkDoc(name, decl, 'class');
          const type = checker.getDeclaredTypeOfSymbol(sym);
          checkMembers(name, type, 'class', extendsConstruct(type));
          // static members
          checkMembers(name, checker.getTypeOfSymbolAtLocation(sym, decl), 'class', false);
          for (const ctor of decl.members.filter(ts.isConstructorDeclaration)) {
            if (ts.getCombinedModifierFlags(ctor) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || isInternal(ctor)) continue;
            checkSignatureUnions(`${name}.constructor`, ctor);
          }
          const ctorSignatures = decl.members.filter((m) => ts.isConstructorDeclaration(m) && m.body === undefined);
          if (ctorSignatures.length > 1) report('overload', `${name}.constructor`, decl, `${ctorSignatures.length} overloaded constructors`);
        } else if (ts.isInterfaceDeclaration(decl)) {
          checkDoc(name, decl, 'interface');
          checkMembers(name, checker.getDeclaredTypeOfSymbol(sym), 'interface', false);
        } else if (ts.isEnumDeclaration(decl)) {
          checkDoc(name, decl, 'enum');
        } else if (ts.isFunctionDeclaration(decl)) {
          const overloads = decls.filter((d) => ts.isFunctionDeclaration(d) && d.body === undefined);
          if (decl.body !== undefined && overloads.length > 0) continue; // the implementation of overloads
          if (decl === decls[0] || decl.body === undefined) {
            if (!decls.some(hasDescription)) report('doc', name, decl, 'function without a JSDoc description');
          }
          if (overloads.length > 1 && decl === overloads[0]) report('overload', name, decl, `${overloads.length} overloaded signatures`);
          checkSignatureUnions(name, decl);
        } else if (ts.isVariableDeclaration(decl)) {
          checkDoc(name, decl, 'constant');
          for (const u of unionsIn(decl.type)) report('union', name, decl, `constant type is a union ${u}`);
        } else if (ts.isTypeAliasDeclaration(decl)) {
          checkDoc(name, decl, 'type alias');
          for (const u of unionsIn(decl.type)) report('union', name, decl, `exported type is a union ${u}`);
        }
      }
    }
  };

  const root = checker.getSymbolAtLocation(index);
  if (!root) throw new Error(`${entryPoint} has no module symbol`);
  visitModule(root, '');
  return offences.sort((a, b) => a.rule.localeCompare(b.rule) || a.where.localeCompare(b.where, 'en', { numeric: true }));
}

/** `rule where symbol: detail`, one line an offence. */
export function formatOffences(offences: readonly Offence[]): string {
  return offences.map((o) => `${o.rule.padEnd(8)} ${o.where} ${o.symbol}: ${o.detail}`).join('\n');
}

if (require.main === module) {
  const started = Date.now();
  const offences = publicApiOffences();
  // eslint-disable-next-line no-console
  console.log(`${formatOffences(offences)}\n${offences.length} offences in ${Date.now() - started} ms`);
}
