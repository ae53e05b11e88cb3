// Checks a value against a JSON Schema (draft 2020-12): the keywords that sitegen's
// schema/posting.json uses, which the build makes from the same table as `sitegen check`.
// A schema with a keyword this file does not know is refused at once (and the console says
// which), so that the form never passes what the schema would refuse.
(function () {
  "use strict";
  const KEYWORDS = new Set([
    "$schema", "$id", "$ref", "$defs", "title", "description", "examples", "errorMessage",
    "type", "enum", "const", "pattern", "minLength", "maxLength",
    "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "items", "minItems", "maxItems", "contains",
    "properties", "required", "additionalProperties",
    "anyOf", "allOf", "not", "if", "then", "else",
  ]);

  function kind(value) {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value; // string, boolean, object
  }

  function hasType(value, type) {
    const actual = kind(value);
    return actual === type || (type === "number" && actual === "integer");
  }

  function unknownKeywords(schema, found) {
    if (schema === null || typeof schema !== "object") return found;
    if (Array.isArray(schema)) {
      schema.forEach((s) => unknownKeywords(s, found));
      return found;
    }
    for (const [key, sub] of Object.entries(schema)) {
      if (!KEYWORDS.has(key)) found.add(key);
      if (key === "properties" || key === "$defs") {
        Object.values(sub).forEach((s) => unknownKeywords(s, found));
      } else if (["examples", "enum", "const", "required"].indexOf(key) < 0) {
        unknownKeywords(sub, found);
      }
    }
    return found;
  }

  const MESSAGES = {
    type: (s) => "must be " + [].concat(s.type).join(" or "),
    pattern: () => "is not in the expected form",
    maxLength: (s) => "must be at most " + s.maxLength + " characters",
    required: () => "is required: fill it in",
    false: () => "does not belong here",
  };

  function Checker(root) {
    const unknown = unknownKeywords(root, new Set());
    if (unknown.size) throw new Error("schema keywords this form does not know: " + [...unknown].join(", "));
    this.root = root;
    this.patterns = new Map();
  }

  Checker.prototype.regexp = function (pattern) {
    let found = this.patterns.get(pattern);
    if (!found) {
      try { found = new RegExp(pattern, "u"); } catch (e) { found = new RegExp(pattern); }
      this.patterns.set(pattern, found);
    }
    return found;
  };

  Checker.prototype.resolve = function (ref) {
    if (ref.slice(0, 2) !== "#/") throw new Error("only local $ref are known: " + ref);
    return ref.slice(2).split("/").reduce((node, key) => node[key], this.root);
  };

  // Every problem of `value` as {path: "location/city", message}; [] when it is valid.
  Checker.prototype.problems = function (value) {
    const found = [];
    this.check(this.root, value, "", found);
    return found;
  };

  Checker.prototype.valid = function (schema, value) {
    const found = [];
    this.check(schema, value, "", found);
    return found.length === 0;
  };

  Checker.prototype.check = function (schema, value, path, out) {
    if (schema === true) return;
    if (schema === false) { out.push({ path: path, message: MESSAGES.false() }); return; }
    const own = [];
    const fail = (keyword) => own.push({ path: path, message: (MESSAGES[keyword] || (() => "is not valid"))(schema) });
    if (schema.$ref) this.check(this.resolve(schema.$ref), value, path, own);
    if (schema.type && ![].concat(schema.type).some((t) => hasType(value, t))) fail("type");
    if (schema.enum && !schema.enum.some((e) => e === value)) fail("enum");
    if ("const" in schema && schema.const !== value) fail("const");
    if (typeof value === "string") {
      if (schema.pattern && !this.regexp(schema.pattern).test(value)) fail("pattern");
      const length = [...value].length;
      if (schema.maxLength !== undefined && length > schema.maxLength) fail("maxLength");
      if (schema.minLength !== undefined && length < schema.minLength) fail("minLength");
    }
    if (typeof value === "number") {
      if (schema.minimum !== undefined && value < schema.minimum) fail("minimum");
      if (schema.maximum !== undefined && value > schema.maximum) fail("maximum");
      if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) fail("exclusiveMinimum");
      if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) fail("exclusiveMaximum");
    }
    if (Array.isArray(value)) {
      if (schema.minItems !== undefined && value.length < schema.minItems) fail("minItems");
      if (schema.maxItems !== undefined && value.length > schema.maxItems) fail("maxItems");
      if (schema.items !== undefined) value.forEach((item, i) => this.check(schema.items, item, join(path, i), own));
      if (schema.contains !== undefined && !value.some((item) => this.valid(schema.contains, item))) fail("contains");
    }
    if (kind(value) === "object") this.object(schema, value, path, own);
    if (schema.allOf) schema.allOf.forEach((s) => this.check(s, value, path, own));
    if (schema.anyOf && !schema.anyOf.some((s) => this.valid(s, value))) {
      // the branch for this kind of value says best what is wrong with it
      const branch = schema.anyOf.find((s) => !s.type || [].concat(s.type).some((t) => hasType(value, t)));
      if (branch) this.check(branch, value, path, own); else fail("type");
    }
    if (schema.if !== undefined) {
      const then = this.valid(schema.if, value) ? schema.then : schema.else;
      if (then !== undefined) this.check(then, value, path, own);
    }
    // the rule's own message for what is wrong with this value; a field inside keeps its own
    const inside = (p) => p.path === path || p.path.startsWith(path + "/");
    if (schema.errorMessage && own.some(inside)) {
      own.splice(0, own.length, { path: path, message: schema.errorMessage }, ...own.filter((p) => !inside(p)));
    }
    if (schema.not !== undefined && this.valid(schema.not, value)) {
      const not = schema.not.$ref ? this.resolve(schema.not.$ref) : schema.not;
      own.push({ path: path, message: not.errorMessage || "is not allowed" });
    }
    out.push(...own);
  };

  Checker.prototype.object = function (schema, value, path, out) {
    for (const key of schema.required || []) {
      if (!(key in value)) out.push({ path: join(path, key), message: MESSAGES.required() });
    }
    const properties = schema.properties || {};
    for (const [key, item] of Object.entries(value)) {
      if (key in properties) this.check(properties[key], item, join(path, key), out);
      else if (schema.additionalProperties === false) out.push({ path: join(path, key), message: "is not a known field" });
    }
  };

  function join(path, key) {
    return path ? path + "/" + key : String(key);
  }

  window.sitegenSchema = { Checker: Checker };
})();
