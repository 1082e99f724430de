"""A small, strict evaluator for the TeX of the article's display equations.

``Printed(tex)`` splits a formula into clauses (at ``\\qquad``) and each clause into sides (at
``=``, ``\\le``, ``\\ge``, ``\\leftarrow``), and parses every side into a function of an
environment ``env``: ``Printed(tex).clauses[c].sides[s](env)`` is the printed side's value.

It knows the site's macros and nothing more; anything else is a ``TexError`` (never a silent
drop: an unknown command, an unbalanced group or a leftover token fails the parse).

Conventions (what ``env`` supplies):

* one letter is one symbol (``wx`` is ``w·x``); Greek letters by name (``sigma``, ``eta``,
  ``varepsilon``, ``delta``); ``\\operatorname{softplus}`` and ``\\mathrm{..}`` by their text;
  ``\\hat{p}`` is ``"hat p"``; ``e`` is Euler's number unless ``env`` has ``e``; a prime is part
  of the name (``"sigma'"``);
* ``x_j``: if ``env`` has the whole name (``"w_2"``, ``"H_b"``, ``"L_batch"``), that; otherwise
  the subscript's letters are indices (``delta_{kj}`` → ``env["delta"](k, j)``; ``p_{t_i}``: an
  index expression), looked up in ``env[name + "_"]`` if present (a family whose name is also a
  plain symbol: ``\\ell`` and ``\\ell_k``), else in ``env[name]``; a superscript in
  parentheses is an index too, before the subscripts (``x^{(i)}_j`` → ``env["x"](i, j)``);
  ``^L``, ``^{L-1}`` and ``^{\\text{..}}`` are part of the name; any other superscript is a power;
* ``f(…)``: a call when ``env[f]`` is callable (arguments separated by ``,`` or ``\\|``),
  a product otherwise (``a(1 - a)``);
* ``\\frac{\\partial C}{\\partial w_j}`` and ``\\frac{d c}{d a}`` are the symbols ``"dC/dw"``,
  ``"dc/da"`` (indices as above, numerator's first);
* ``\\sum_{i=1}^{n} body`` runs i over 1..n; ``\\sum_{x} body`` and ``\\sum_j body`` run over
  ``env["sum:x"]``: a list of dicts laid over ``env`` in turn; the body is the rest of the term;
* ``\\ln``, ``\\log_2``, ``\\exp`` take the next factor.
"""

from __future__ import annotations

import math
import re

import numpy as np


class TexError(ValueError):
    pass


TOKEN = re.compile(r"\\\\\[\d+pt\]|\\[A-Za-z]+\*?|\\[,;:!| {}\\]|\d+(?:\.\d+)?|[A-Za-z]|[-+*/=^_{}()\[\]',&<>|.]|\s+")
SKIP = {"\\,", "\\;", "\\:", "\\!", "\\ ", "\\quad", "\\left", "\\right", "\\bigl", "\\bigr", "\\Bigl",
        "\\Bigr", "\\big", "\\Big", "\\displaystyle"}
GREEK = {"alpha", "beta", "gamma", "delta", "varepsilon", "epsilon", "eta", "theta", "lambda", "mu",
         "sigma", "ell", "Delta"}
RELATIONS = {"=": "=", "\\le": "<=", "\\ge": ">=", "\\leftarrow": "<-"}
OPEN = {"(": ")", "[": "]", "{": "}"}


def tokenize(tex):
    out, pos = [], 0
    while pos < len(tex):
        m = TOKEN.match(tex, pos)
        if not m:
            raise TexError(f"cannot read {tex[pos:pos + 20]!r}")
        pos = m.end()
        t = m.group(0)
        if t.isspace() or t in SKIP:
            continue
        out.append(t)
    return out


def split_top(tokens, seps):
    """Split a token list at top-level separators; returns (parts, separators)."""
    parts, cur, found, depth = [], [], [], 0
    for t in tokens:
        if t in OPEN:
            depth += 1
        elif t in (")", "]", "}"):
            depth -= 1
        if depth == 0 and t in seps:
            parts.append(cur)
            found.append(t)
            cur = []
        else:
            cur.append(t)
    parts.append(cur)
    return parts, found


class Transposed:
    """v^T: multiplied by what follows it, it is a matrix product."""

    def __init__(self, a):
        self.a = np.asarray(a, dtype=float)

    def __mul__(self, other):
        return self.a.T @ np.asarray(other, dtype=float)

    def __rmul__(self, other):
        return Transposed(other * self.a)


class Clause:
    def __init__(self, tokens):
        self.range = None
        if "\\ldots" in tokens:  # "k = 0, \ldots, K - 1": the range of an index, not a relation
            parts, _ = split_top(tokens, {"=", ","})
            if len(parts) != 4 or len(parts[0]) != 1 or parts[2] != ["\\ldots"]:
                raise TexError(f"cannot read the range {tokens}")
            self.range = (parts[0][0], Parser(parts[1]).parse_all(), Parser(parts[3]).parse_all())
            self.rels, self.sides = [], []
            return
        parts, rels = split_top(tokens, set(RELATIONS))
        self.rels = [RELATIONS[r] for r in rels]
        self.sides = [Parser(p).parse_all() for p in parts]

    def values(self, env):
        """The range's values of the index, for a range clause."""
        var, lo, hi = self.range
        return var, range(int(round(float(lo(env)))), int(round(float(hi(env)))) + 1)

    def check(self, env, rtol=1e-10, atol=1e-12, what="", after=None):
        """Every relation of the clause holds at env (sides compared in printed order); the left
        side of ``\\leftarrow`` is evaluated in ``after`` (the values after the update)."""
        vals = [np.asarray(s(after if (k < len(self.rels) and self.rels[k] == "<-") else env), dtype=float)
                for k, s in enumerate(self.sides)]
        for k, rel in enumerate(self.rels):
            left, right = vals[k], vals[k + 1]
            if rel in ("=", "<-"):
                ok = np.allclose(left, right, rtol=rtol, atol=atol)
            elif rel == "<=":
                ok = np.all(left <= right + atol)
            else:
                ok = np.all(left >= right - atol)
            assert ok, f"{what}: side {k + 1} {rel} side {k + 2} fails: {left!r} vs {right!r}"
        return vals


class Printed:
    """A printed formula as clauses of sides, each side a function of env."""

    def __init__(self, tex):
        self.tex = tex
        toks = tokenize(tex)
        parts, _ = split_top(toks, {"\\qquad"})
        # "a = b, \qquad c = d": the comma before \qquad separates clauses
        self.clauses = [Clause(p[:-1] if p and p[-1] == "," else p) for p in parts]

    def check(self, env, clauses=None, **kw):
        idx = [i for i, c in enumerate(self.clauses) if c.range is None] if clauses is None else clauses
        return [self.clauses[i].check(env, what=f"{self.tex!r}, clause {i + 1}", **kw) for i in idx]


def subtext(toks):
    """The text of a sub- or superscript: ``{\\mathrm{KL}}`` → ``KL``, ``\\theta`` → ``theta``."""
    return "".join(t.lstrip("\\") for t in toks if t not in ("\\mathrm", "\\text", "{", "}"))


def lookup(env, name):
    if name in env:
        return env[name]
    if name == "e":
        return math.e
    raise TexError(f"the environment has no value for {name!r}")


def index_into(v, idx, name):
    if callable(v):
        return v(*idx)
    a = np.asarray(v)
    try:
        return a[tuple(idx)]
    except Exception as e:  # noqa: BLE001
        raise TexError(f"cannot index {name} by {idx}: {e}") from e


class Parser:
    def __init__(self, tokens):
        self.t = list(tokens)
        self.i = 0

    # --- token helpers -------------------------------------------------------
    def peek(self, k=0):
        j = self.i + k
        return self.t[j] if j < len(self.t) else None

    def take(self, expected=None):
        t = self.peek()
        if t is None or (expected is not None and t != expected):
            raise TexError(f"expected {expected!r}, found {t!r} in {' '.join(self.t)}")
        self.i += 1
        return t

    def group_tokens(self):
        """The tokens of a {…} group, or of a single token."""
        if self.peek() != "{":
            return [self.take()]
        self.take("{")
        depth, out = 1, []
        while True:
            t = self.take()
            if t == "{":
                depth += 1
            elif t == "}":
                depth -= 1
                if depth == 0:
                    return out
            out.append(t)

    def parse_all(self):
        if not self.t:
            raise TexError("empty side")
        node = self.expr()
        if self.peek() is not None:
            raise TexError(f"leftover {self.t[self.i:]} in {' '.join(self.t)}")
        return node

    # --- grammar ---------------------------------------------------------------
    def expr(self, stop=()):
        sign = 1.0
        if self.peek() in ("-", "+"):
            sign = -1.0 if self.take() == "-" else 1.0
        terms = [(sign, self.term(stop))]
        while self.peek() in ("+", "-"):
            s = -1.0 if self.take() == "-" else 1.0
            terms.append((s, self.term(stop)))
        if len(terms) == 1 and terms[0][0] == 1.0:
            return terms[0][1]  # a lone symbol may be a function (an argument such as p in D(p || q))
        return lambda env: sum(s * f(env) for s, f in terms)

    def term(self, stop=()):
        factors = []
        while True:
            t = self.peek()
            if t is None or t in ("+", "-", ")", "]", "}", ",", "\\|", "|", "\\mid") or t in stop:
                break
            if t in ("\\cdot", "\\times"):
                self.take()
                continue
            if t == "\\sum":
                factors.append(self.sum_(stop))
                break
            if t in ("\\min", "\\operatorname*", "\\int"):
                factors.append(self.big_operator(stop))
                break
            factors.append(self.factor())
        if not factors:
            raise TexError(f"nothing to multiply at {self.t[self.i:]}")

        if len(factors) == 1:
            return factors[0]

        def prod(env):
            v = 1.0
            for f in factors:
                v = v * f(env)
            return v
        return prod

    def sum_(self, stop):
        self.take("\\sum")
        lo = hi = None
        var = None
        if self.peek() == "_":
            self.take()
            sub = self.group_tokens()
            if "=" in sub:
                k = sub.index("=")
                var, lo = sub[0], Parser(sub[k + 1:]).parse_all()
            else:
                var = " ".join(sub)
        if self.peek() == "^":
            self.take()
            hi = Parser(self.group_tokens()).parse_all()
        body = self.term(stop)

        def run(env):
            if lo is not None:
                a, b = int(round(float(lo(env)))), int(round(float(hi(env))))
                overlays = [{var: i} for i in range(a, b + 1)]
                if f"sum:{var}" in env:  # per-term values the formula leaves implicit
                    given = env[f"sum:{var}"]
                    assert [ov[var] for ov in given] == [ov[var] for ov in overlays], f"sum over {var}: bounds"
                    overlays = given
            else:
                overlays = lookup(env, f"sum:{var}")
            total = 0.0
            for ov in overlays:
                total = total + body({**env, **ov})
            return total
        return run

    def big_operator(self, stop):
        """\\min_{lo < v < hi} body, \\operatorname*{arg\\,min}_v body, \\int body\\, d v."""
        t = self.take()
        if t == "\\int":
            rest = self.t[self.i:]
            if len(rest) < 3 or rest[-2] != "d":
                raise TexError(f"an integral must end with d<variable>: {rest}")
            var = rest[-1]
            body = Parser(rest[:-2]).parse_all()
            self.i = len(self.t)

            def integral(env):
                x = np.asarray(lookup(env, f"int:{var}"), dtype=float)
                return np.trapezoid(body({**env, var: x}), x)
            return integral
        if t == "\\min":
            self.take("_")
            sub = self.group_tokens()
            parts, _ = split_top(sub, {"<"})
            if len(parts) != 3 or len(parts[1]) != 1:
                raise TexError(f"\\min needs _{{lo < v < hi}}: {sub}")
            lo, var, hi = Parser(parts[0]).parse_all(), parts[1][0], Parser(parts[2]).parse_all()
            body = self.term(stop)

            def minimum(env):
                from scipy.optimize import minimize_scalar
                a, b = float(lo(env)), float(hi(env))
                r = minimize_scalar(lambda v: float(body({**env, var: v})), bounds=(a + 1e-12, b - 1e-12),
                                    method="bounded", options={"xatol": 1e-12})
                return r.fun
            return minimum
        # \operatorname*{arg min} / {arg max}
        which = subtext(self.group_tokens())
        if which not in ("argmin", "argmax"):
            raise TexError(f"unknown operator {which}")
        self.take("_")
        var = subtext(self.group_tokens())
        body = self.term(stop)

        def arg(env):
            overlays = lookup(env, f"sum:{var}")
            vals = [float(body({**env, **ov})) for ov in overlays]
            k = int(np.argmin(vals) if which == "argmin" else np.argmax(vals))
            return np.asarray(overlays[k][var], dtype=float)
        return arg

    def factor(self):
        base = self.atom()
        if self.peek() == "^" and self.t[self.i + 1:self.i + 6] == ["{", "\\mathsf", "{", "T", "}"]:
            self.i += 7
            b0 = base
            return lambda env: Transposed(b0(env))
        if self.peek() == "^":
            self.take()
            ex = Parser(self.group_tokens()).parse_all()
            b0 = base
            return lambda env: np.power(b0(env), ex(env))
        return base

    def atom(self):
        t = self.take()
        if re.fullmatch(r"\d+(\.\d+)?", t):
            v = float(t)
            return lambda env: v
        if t in ("(", "["):
            inner = self.expr()
            self.take(OPEN[t])
            return self.postfix_call(lambda env: inner(env), None) if t == "(" else inner
        if t == "{":
            inner = self.expr()
            self.take("}")
            return inner
        if t == "\\frac":
            num, den = self.group_tokens(), self.group_tokens()
            d = self.derivative(num, den)
            if d is not None:
                return d
            n, m = Parser(num).parse_all(), Parser(den).parse_all()
            return lambda env: n(env) / m(env)
        if t in ("\\ln", "\\log", "\\exp"):
            b = None
            if t == "\\log" and self.peek() == "_":
                self.take()
                b = float(self.group_tokens()[0])
            if self.peek() == "\\sum":
                arg = self.sum_(())
            else:
                arg = self.factor()
            if t == "\\exp":
                return lambda env: np.exp(arg(env))
            if b is None:
                return lambda env: np.log(arg(env))
            return lambda env: np.log(arg(env)) / math.log(b)
        if t == "\\nabla":  # \nabla_w C is the symbol dC/dw
            self.take("_")
            var = subtext(self.group_tokens())
            fn, fi = self.name_and_indices()
            return self.resolve(f"d{fn}/d{var}", fi)
        if t == "\\mathbb":  # \mathbb{E}_{X \sim p}[body] = sum over env["sum:X"] of p(X) body
            if subtext(self.group_tokens()) != "E":
                raise TexError("only \\mathbb{E} is known")
            self.take("_")
            sub = self.group_tokens()
            if len(sub) != 3 or sub[1] != "\\sim":
                raise TexError(f"\\mathbb{{E}} needs _{{X \\sim p}}: {sub}")
            var, dist = sub[0], sub[2]
            self.take("[")
            body = self.expr()
            self.take("]")

            def expect(env):
                total = 0.0
                for ov in lookup(env, f"sum:{var}"):
                    e2 = {**env, **ov}
                    total = total + lookup(env, dist)(ov[var]) * body(e2)
                return total
            return expect
        if t in ("\\operatorname", "\\mathrm", "\\text", "\\hat", "\\mathbf", "\\mathcal") or re.fullmatch(r"[A-Za-z]", t) \
                or (t.startswith("\\") and t[1:] in GREEK):
            self.i -= 1
            name, indices = self.name_and_indices()
            return self.postfix_call(self.resolve(name, indices), name)
        raise TexError(f"unknown token {t!r} in {' '.join(self.t)}")

    def derivative(self, num, den):
        """∂C/∂w_j or dc/da as a symbol; None if the fraction is not a derivative."""
        for d in ("\\partial", "d"):
            if len(num) >= 2 and num[0] == d and len(den) >= 2 and den[0] == d:
                pn, pd = Parser(num[1:]), Parser(den[1:])
                nn, ni = pn.name_and_indices()
                dn, di = pd.name_and_indices()
                if pn.peek() is not None or pd.peek() is not None:
                    raise TexError(f"derivative of a compound: {num} / {den}")
                sub = lambda ix: "".join(f"_{x[1]}" for x in ix if isinstance(x, tuple))  # noqa: E731
                return self.resolve(f"d{nn}/d{dn}", ni + di, full=f"d{nn}{sub(ni)}/d{dn}{sub(di)}")
        return None

    def name_and_indices(self):
        """Read a symbol's name and its index expressions (see the module docstring)."""
        t = self.take()
        if t.startswith("\\") and t[1:] in GREEK:
            name = t[1:]
        elif t in ("\\operatorname", "\\mathrm", "\\text", "\\mathcal"):
            name = subtext(self.group_tokens())
        elif t == "\\mathbf":
            name = "bf" + subtext(self.group_tokens())
        elif t == "\\hat":
            name = "hat " + "".join(self.group_tokens())
        elif re.fullmatch(r"[A-Za-z]", t):
            name = t
        else:
            raise TexError(f"not a symbol: {t!r}")
        indices = []
        while True:
            if self.peek() == "'":
                self.take()
                name += "'"
            elif self.peek() == "^" and self._superscript_is_name_or_index():
                self.take()
                sup = self.group_tokens()
                if sup and sup[0] == "(" and sup[-1] == ")":
                    indices.insert(0, Parser(sup[1:-1]).parse_all())
                else:
                    name += "^" + subtext(sup)
            elif self.peek() == "_":
                self.take()
                sub = self.group_tokens()
                text = subtext(sub)
                indices.append(("sub", text, sub))
            else:
                break
        return name, indices

    def _superscript_is_name_or_index(self):
        nxt = self.peek(1)
        if nxt == "{":
            j = self.i + 2
            inner = []
            depth = 1
            while j < len(self.t):
                if self.t[j] == "{":
                    depth += 1
                elif self.t[j] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                inner.append(self.t[j])
                j += 1
            return (inner[:1] == ["("] and inner[-1:] == [")"]) or inner in (["L", "-", "1"], ["\\text", "{", "L", "S", "}"]) \
                or inner[:1] == ["\\text"]
        return nxt == "L"

    def resolve(self, name, indices, full=None):
        subs = [x for x in indices if isinstance(x, tuple)]
        sups = [x for x in indices if not isinstance(x, tuple)]

        full_name = full or name + "".join(f"_{s[1]}" for s in subs)

        def value(env):
            full = full_name
            if full in env:
                v = env[full]
                return index_into(v, [int(round(float(f(env)))) for f in sups], full) if sups else v
            idx = [int(round(float(f(env)))) for f in sups]
            for _, text, toks in subs:
                toks = [x for x in toks if x not in ("\\mathrm", "\\text", "{", "}")]
                if all(re.fullmatch(r"\d+|[A-Za-z]", x) or x.lstrip("\\") in GREEK for x in toks):
                    for tok in toks:
                        idx.append(int(tok) if tok.isdigit() else lookup(env, tok.lstrip("\\")))
                else:  # an index expression such as t_i
                    idx.append(int(round(float(Parser(toks).parse_all()(env)))))
            if idx and name + "_" in env:  # an indexed family whose name is also a plain symbol
                return index_into(env[name + "_"], idx, name)
            v = lookup(env, name)
            return index_into(v, idx, name) if idx else v
        return value

    def postfix_call(self, f, name):
        if self.peek() != "(":
            return f
        self.take("(")
        args = [self.expr()]
        while self.peek() in (",", "\\|", "|", "\\mid"):
            self.take()
            args.append(self.expr())
        self.take(")")
        sub = None
        if self.peek() == "_":  # softmax(z)_k: index the result
            self.take()
            sub = [x for x in self.group_tokens() if x not in ("{", "}")]

        def call(env):
            v = f(env)
            if callable(v):
                r = v(*[a(env) for a in args])
                return index_into(r, [lookup(env, x) for x in sub], name) if sub else r
            if len(args) != 1 or sub:
                raise TexError(f"{name} is not a function but has {len(args)} arguments")
            return v * args[0](env)
        return call
