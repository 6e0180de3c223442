#!/usr/bin/env python3
"""Writes the AIR conformance corpus: tests/air/conformance/<name>.air (+ <name>.services.json
when a scenario needs its own service table; otherwise _default.services.json applies).

Each scenario exercises one rule of air.md (an instruction, a value form, an error code, a merge
rule); the expected outcome is whatever the reference AquaVM 0.62 does, recorded by
tests/interop/air/run-reference.mjs --corpus into expected/<name>.json.
Run: python3 tests/air/conformance/tools/generate_corpus.py
"""
import json
import re
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.dirname(HERE)

DEFAULT_TABLE = {
    "init_peer": "client",
    "peers": ["client", "alice", "bob", "carol"],
    "services": [
        {"service": "echo", "function": "*", "echo": "all"},
        {"service": "id", "function": "*", "echo": "first"},
        {"service": "fail", "function": "*", "error": "boom", "ret_code": 7},
        {"service": "fail_obj", "function": "*", "error": {"reason": "nope"}, "ret_code": 3},
        {"service": "const", "function": "obj", "result": {"a": {"b": [1, 2, {"c": "deep"}]}, "n": 42, "s": "str",
                                                           "arr": [10, 20, 30], "f": 1.5, "neg": -3, "idx": 1, "key": "s",
                                                           "peer": "{{alice}}", "t": True, "nul": None}},
        {"service": "const", "function": "arr", "result": [1, 2, 3]},
        {"service": "const", "function": "empty", "result": []},
        {"service": "const", "function": "strs", "result": ["x", "y", "z"]},
        {"service": "const", "function": "num", "result": 7},
        {"service": "const", "function": "float", "result": 2.5},
        {"service": "const", "function": "neg", "result": -1},
        {"service": "const", "function": "str", "result": "hello"},
        {"service": "const", "function": "bool", "result": True},
        {"service": "const", "function": "null", "result": None},
        {"service": "const", "function": "peers", "result": ["{{alice}}", "{{bob}}", "{{carol}}"]},
        {"service": "const", "function": "alice", "result": "{{alice}}"},
        {"service": "const", "function": "err_obj", "result": {"error_code": 42, "message": "custom"}},
        {"service": "const", "function": "err_zero", "result": {"error_code": 0, "message": "zero"}},
        {"service": "const", "function": "err_nomsg", "result": {"error_code": 5}},
        {"service": "const", "function": "err_badmsg", "result": {"error_code": 5, "message": 1}},
        {"service": "const", "function": "err_badcode", "result": {"error_code": "x", "message": "m"}},
        {"service": "const", "function": "objs", "result": [{"k": "a", "v": 1}, {"k": "b", "v": 2}]},
        {"service": "const", "function": "nested", "result": [[1, 2], [3], []]},
        {"service": "const", "function": "unicode", "result": "\u043f\u0440\u0438\u0432\u0435\u0442 \u2603 \"q\" \\ /"},
        {"service": "const", "function": "big", "result": 18446744073709551615},
        {"service": "const", "function": "sorted", "result": {"b": 1, "a": 2, "c": {"z": 0, "y": 1}}},
        {"service": "counter", "function": "next", "sequence": [{"result": 1}, {"result": 2}, {"result": 3}]},
        {"service": "flaky", "function": "get", "sequence": [{"error": "first fails", "ret_code": 2}, {"result": "second ok"}]},
    ],
}

S = {}  # name -> (air, table or None)


def sc(name, air, table=None):
    assert name not in S, name
    S[name] = (air.strip() + "\n", table)


I = "%init_peer_id%"
A, B, C = '"{{alice}}"', '"{{bob}}"', '"{{carol}}"'


# Words passed to res() that are meant as string literals rather than variable names.
LITERAL_WORDS = {"yes", "no", "left", "right", "after", "never-after", "unreachable", "reached", "caught",
                 "else", "equal", "differ", "matched", "same", "is-client", "m", "empty", "a-branch", "five",
                 "array", "last", "ok"}


def res(*args):
    """a final call that reports values back on the init peer"""
    args = [f'"{a}"' if a in LITERAL_WORDS else a for a in args]
    return f'(call {I} ("echo" "result") [{" ".join(args)}])'


# ---------------------------------------------------------------------------------------------
# call: value forms as arguments (§5.6), one scenario per form
arg_forms = {
    "literal": '"text"', "empty-literal": '""', "int": "42", "negative-int": "-7", "zero": "0",
    "float": "1.25", "negative-float": "-0.5", "float-integral": "3.0", "true": "true", "false": "false",
    "empty-array": "[]", "init-peer-id": I, "timestamp": "%timestamp%", "ttl": "%ttl%",
    "last-error": "%last_error%", "error": ":error:", "last-error-message": "%last_error%.$.message",
    "error-code": ":error:.$.error_code", "literal-with-parens": '"(a) [b] ;c"',
    "literal-with-backslash": '"back\\\\slash"', "big-int": "9223372036854775807",
    "min-int": "-9223372036854775808", "literal-unicode": '"\u0436\u2603"',
}
for k, v in arg_forms.items():
    sc(f"arg-{k}", res(v))

sc("arg-many", res('"a"', "1", "true", "[]", I, "%ttl%"))
sc("call-no-args", f'(call {I} ("echo" "none") [])')
sc("call-scalar-output", f'(seq (call {I} ("const" "obj") [] x) {res("x")})')
sc("call-stream-output", f'(seq (seq (call {I} ("const" "num") [] $s) (call {I} ("const" "str") [] $s)) (seq (canon {I} $s #c) {res("#c")}))')
sc("call-unused-output", f'(seq (call {I} ("const" "num") []) {res("1")})')
sc("call-output-used-twice", f'(seq (call {I} ("const" "str") [] x) {res("x", "x")})')
sc("call-result-canonical-order", f'(seq (call {I} ("const" "sorted") [] x) {res("x", "x.$.c")})')
sc("call-result-unicode", f'(seq (call {I} ("const" "unicode") [] x) {res("x")})')
sc("call-result-big-u64", f'(seq (call {I} ("const" "big") [] x) {res("x")})')
sc("call-result-null", f'(seq (call {I} ("const" "null") [] x) {res("x")})')
sc("call-result-float", f'(seq (call {I} ("const" "float") [] x) {res("x")})')
sc("call-chain-three", f'(seq (call {I} ("const" "str") [] a) (seq (call {I} ("id" "f") [a] b) (seq (call {I} ("id" "g") [b] c) {res("c")})))')
sc("call-triplet-variables", f'(seq (call {I} ("id" "s") ["echo"] svc) (seq (call {I} ("id" "f") ["fname"] fn) (call {I} (svc fn) ["via vars"])))')
sc("call-triplet-peer-variable", f'(seq (call {I} ("const" "alice") [] p) (seq (call p ("echo" "on-alice") ["x"] r) {res("r")}))')
sc("call-triplet-peer-lens", f'(seq (call {I} ("const" "obj") [] o) (seq (call o.$.peer ("echo" "on-alice") [o.$.n] r) {res("r")}))')
sc("call-triplet-service-lens", f'(seq (call {I} ("id" "f") [{{"s": "echo"}}] o) (call {I} ("echo" "x") []))'.replace('{"s": "echo"}', '"echo"'))
sc("call-triplet-nonstring-peer", f'(seq (call {I} ("const" "num") [] p) (call p ("echo" "x") []))')
sc("call-triplet-nonstring-service", f'(seq (call {I} ("const" "arr") [] s) (call {I} (s "f") []))')
sc("call-triplet-nonstring-caught", f'(seq (call {I} ("const" "bool") [] p) (xor (call p ("echo" "x") []) {res("%last_error%")}))')
sc("call-init-peer-literal", f'(call "{{{{client}}}}" ("echo" "lit") ["same peer"])')
sc("call-service-error", f'(call {I} ("fail" "f") ["x"])')
sc("call-service-error-object", f'(call {I} ("fail_obj" "f") [])')
sc("call-service-error-caught", f'(xor (call {I} ("fail" "f") ["x"] r) {res("%last_error%", ":error:")})')
sc("call-service-error-message-lens", f'(xor (call {I} ("fail" "f") []) {res("%last_error%.$.message", "%last_error%.$.error_code", "%last_error%.$.peer_id", ":error:.$.instruction")})')
sc("call-unmatched-service", f'(xor (call {I} ("nosuch" "fn") []) {res("%last_error%.$.message")})')
sc("call-output-shadowing-global", f'(seq (call {I} ("const" "num") [] x) (call {I} ("const" "str") [] x))')
sc("call-sequence-service", f'(seq (call {I} ("counter" "next") [] a) (seq (call {I} ("counter" "next") [] b) {res("a", "b")}))')
sc("call-flaky-retry-xor", f'(xor (call {I} ("flaky" "get") [] r) (seq (call {I} ("flaky" "get") [] r2) {res("r2")}))')

# remote calls and routing (§6.4.1 step 5, §6.5)
sc("remote-one-hop", f'(seq (call {A} ("echo" "on-alice") ["x"] r) (call {I} ("echo" "back") [r]))')
sc("remote-two-hops", f'(seq (call {A} ("const" "num") [] a) (seq (call {B} ("id" "f") [a] b) (call {I} ("echo" "back") [a b])))')
sc("remote-chain-all", f'(seq (call {A} ("const" "str") [] a) (seq (call {B} ("id" "f") [a] b) (seq (call {C} ("id" "g") [b] c) (call {I} ("echo" "back") [a b c]))))')
sc("remote-args-not-ready", f'(par (call {B} ("const" "num") [] x) (call {A} ("echo" "wait") [x]))')
sc("remote-join-par", f'(seq (par (call {A} ("const" "num") [] a) (call {B} ("const" "str") [] b)) (call {I} ("echo" "join") [a b]))')
sc("remote-join-waits", f'(par (call {A} ("const" "num") [] a) (call {I} ("echo" "needs-a") [a]))')
sc("remote-relay-pattern", f'(seq (call {A} ("id" "relay") ["hop"] h) (seq (call {B} ("echo" "target") [h] t) (seq (call {A} ("id" "relay-back") [t] h2) (call {I} ("echo" "done") [h2]))))')
sc("remote-error-on-peer", f'(seq (call {A} ("fail" "remote") []) (call {I} ("echo" "never") []))')
sc("remote-error-caught-on-peer", f'(xor (call {A} ("fail" "remote") []) (call {I} ("echo" "caught") [%last_error%]))')
sc("remote-same-peer-twice", f'(seq (call {A} ("const" "num") [] a) (call {A} ("id" "again") [a] b))')
sc("remote-canon-on-peer", f'(seq (seq (call {A} ("const" "num") [] $s) (canon {A} $s #c)) (call {I} ("echo" "back") [#c]))')
sc("remote-canon-sent", f'(seq (call {I} ("const" "num") [] $s) (seq (canon {B} $s #c) (call {B} ("echo" "got") [#c])))')
sc("remote-stream-gather", f'(seq (par (par (call {A} ("const" "num") [] $s) (call {B} ("const" "str") [] $s)) (call {C} ("const" "bool") [] $s)) (seq (canon {I} $s #c) (call {I} ("echo" "gathered") [#c.length])))')
sc("remote-fold-fanout", f'''
(seq
 (call {I} ("const" "peers") [] peers)
 (seq
  (fold peers p
   (par
    (call p ("id" "whoami") [p] $r)
    (next p)))
  (seq
   (canon {I} $r #all)
   (call {I} ("echo" "all") [#all.length]))))''')
sc("remote-fold-seq", f'''
(seq
 (call {I} ("const" "peers") [] peers)
 (fold peers p
  (seq
   (call p ("id" "visit") [p] $r)
   (next p))))''')
sc("remote-nested-par", f'''
(par
 (par (call {A} ("const" "num") [] a) (call {B} ("const" "str") [] b))
 (par (call {C} ("const" "bool") [] c) (call {I} ("echo" "local") ["x"])))''')
sc("remote-xor-fallback-peer", f'(xor (call {A} ("fail" "f") [] r) (call {B} ("echo" "fallback") [%last_error%.$.error_code]))')
sc("remote-back-and-forth", f'(seq (call {A} ("const" "num") [] x) (seq (call {I} ("id" "f") [x] y) (seq (call {A} ("id" "g") [y] z) (call {I} ("echo" "z") [z]))))')
sc("remote-counter-on-two-peers", f'(seq (call {A} ("counter" "next") [] a) (seq (call {B} ("counter" "next") [] b) (call {I} ("echo" "r") [a b])))')

# lenses (§4.2, §5.7)
O = f'(call {I} ("const" "obj") [] o)'
for name, lens in {
    "field": "o.$.s", "nested": "o.$.a.b.[2].c", "index": "o.$.arr.[1]", "index-no-dot": "o.$.arr[2]",
    "flatten-mark": "o.$.arr.[0]!", "float-field": "o.$.f", "null-field": "o.$.nul", "bool-field": "o.$.t",
    "object-field": "o.$.a", "array-field": "o.$.a.b", "length": "o.$.arr.length",
}.items():
    sc(f"lens-{name}", f'(seq {O} {res(lens)})')
sc("lens-functor-length", f'(seq (call {I} ("const" "arr") [] a) {res("a.length")})')
sc("lens-functor-length-non-array", f'(seq (call {I} ("const" "str") [] a) {res("a.length")})')
sc("lens-scalar-key-field", f'(seq {O} (seq (call {I} ("id" "k") ["s"] k) {res("o.$.[k]")}))')
sc("lens-scalar-key-index", f'(seq {O} (seq (call {I} ("id" "k") [2] k) {res("o.$.arr.[k]")}))')
sc("lens-scalar-key-from-lens", f'(seq {O} (seq (ap o.$.idx i) {res("o.$.arr.[i]")}))')
sc("lens-scalar-key-bool", f'(seq {O} (seq (call {I} ("id" "k") [true] k) {res("o.$.[k]")}))')
sc("lens-scalar-key-negative", f'(seq {O} (seq (call {I} ("id" "k") [-1] k) {res("o.$.arr.[k]")}))')
sc("lens-scalar-key-float", f'(seq {O} (seq (call {I} ("id" "k") [1.5] k) {res("o.$.arr.[k]")}))')
sc("lens-scalar-key-too-big", f'(seq {O} (seq (call {I} ("id" "k") [4294967296] k) {res("o.$.arr.[k]")}))')
sc("lens-missing-field", f'(seq {O} {res("o.$.nope")})')
sc("lens-index-out-of-range", f'(seq {O} {res("o.$.arr.[5]")})')
sc("lens-index-on-object", f'(seq {O} {res("o.$.[0]")})')
sc("lens-field-on-array", f'(seq {O} {res("o.$.arr.x")})')
sc("lens-field-on-string", f'(seq {O} {res("o.$.s.x")})')
sc("lens-error-caught", f'(seq {O} (xor {res("o.$.nope")} {res("%last_error%")}))')
sc("lens-tetraplet-chain", f'(seq {O} (seq (ap o.$.a a) (seq (ap a.$.b b) {res("b.$.[0]", "a.$.b", "o.$.a.b")})))')
sc("lens-on-iterator", f'(seq {O} (fold o.$.a.b it (seq {res("it")} (next it))))')
sc("lens-on-last-error-tetraplet", f'(xor (call {I} ("fail" "f") []) {res("%last_error%.$.message", ":error:.$.message")})')
sc("lens-undefined-key-var", f'(seq {O} (par (call {A} ("id" "k") ["s"] missing) {res("o.$.[missing]")}))')

# ap (§6.4.3)
for name, v in {"literal": '"lit"', "int": "5", "float": "0.5", "bool": "false", "empty-array": "[]",
                "init-peer-id": I, "timestamp": "%timestamp%", "ttl": "%ttl%", "last-error": "%last_error%",
                "error": ":error:"}.items():
    sc(f"ap-{name}", f'(seq (ap {v} x) {res("x")})')
sc("ap-scalar", f'(seq {O} (seq (ap o y) {res("y")}))')
sc("ap-scalar-lens", f'(seq {O} (seq (ap o.$.a.b y) {res("y", "y.$.[2]")}))')
sc("ap-to-stream", f'(seq (seq (ap 1 $s) (ap 2 $s)) (seq (canon {I} $s #c) {res("#c")}))')
sc("ap-lens-to-stream", f'(seq {O} (seq (seq (ap o.$.s $s) (ap o.$.n $s)) (seq (canon {I} $s #c) {res("#c")})))')
sc("ap-canon-to-scalar", f'(seq (seq (ap 1 $s) (canon {I} $s #c)) (seq (ap #c x) {res("x")}))')
sc("ap-canon-lens", f'(seq (seq (ap "a" $s) (seq (ap "b" $s) (canon {I} $s #c))) (seq (ap #c.$.[1] x) {res("x")}))')
sc("ap-shadow-global", f'(seq (ap 1 x) (ap 2 x))')
sc("ap-waits-for-variable", f'(par (call {A} ("const" "num") [] x) (seq (ap x y) {res("y")}))')
sc("ap-error-object-after-failure", f'(xor (call {I} ("fail" "f") []) (seq (ap %last_error% e) {res("e.$.error_code", "e")}))')
sc("ap-stream-in-fold", f'(seq (call {I} ("const" "arr") [] a) (seq (fold a i (seq (ap i $s) (next i))) (seq (canon {I} $s #c) {res("#c")})))')

# seq / par / xor / null / never (§6.2, §6.4.5)
sc("seq-basic", f'(seq {res("1")} {res("2")})')
sc("null-only", "(null)")
sc("never-only", "(never)")
sc("seq-after-never", f'(seq (never) {res("unreachable")})')
sc("par-after-never", f'(seq (par (never) (null)) {res("reached")})')
sc("par-local-both", f'(par {res("left")} {res("right")})')
sc("par-one-fails", f'(seq (par (call {I} ("fail" "f") []) {res("ok")}) {res("after", "%last_error%")})')
sc("par-both-fail", f'(par (call {I} ("fail" "f") ["l"]) (call {I} ("fail_obj" "g") ["r"]))')
sc("par-both-fail-caught", f'(xor (par (call {I} ("fail" "f") ["l"]) (call {I} ("fail_obj" "g") ["r"])) {res("%last_error%", ":error:")})')
sc("xor-left-ok", f'(xor {res("left")} {res("right")})')
sc("xor-catches", f'(xor (call {I} ("fail" "f") []) {res("right")})')
sc("xor-nested", f'(xor (xor (call {I} ("fail" "f") []) (call {I} ("fail_obj" "g") [])) {res("%last_error%")})')
sc("xor-right-fails", f'(xor (call {I} ("fail" "f") []) (call {I} ("fail_obj" "g") []))')
sc("xor-in-seq", f'(seq (xor (call {I} ("fail" "f") []) (null)) {res("after", ":error:")})')
sc("xor-error-reset-after-success", f'(seq (xor (call {I} ("fail" "f") []) {res(":error:.$.error_code")}) {res(":error:", "%last_error%.$.error_code")})')
sc("par-keeps-error", f'(seq (par (call {I} ("fail" "f") []) (null)) (xor (fail 5 "second") {res(":error:", "%last_error%")}))')

# match / mismatch (§6.4.6)
sc("match-equal", f'(match 1 1 {res("yes")})')
sc("match-unequal", f'(match 1 2 {res("no")})')
sc("match-unequal-caught", f'(xor (match 1 2 {res("no")}) {res("caught", ":error:", "%last_error%")})')
sc("mismatch-unequal", f'(mismatch 1 2 {res("yes")})')
sc("mismatch-equal", f'(mismatch "a" "a" {res("no")})')
sc("match-int-vs-float", f'(xor (match 1 1.0 {res("equal")}) {res("differ")})')
sc("match-strings-vars", f'(seq (call {I} ("const" "str") [] s) (match s "hello" {res("matched")}))')
sc("match-objects", f'(seq (call {I} ("const" "sorted") [] a) (seq (call {I} ("id" "f") [a] b) (match a b {res("same")})))')
sc("match-init-peer", f'(match {I} "{{{{client}}}}" {res("is-client")})')
sc("match-waits", f'(par (call {A} ("const" "num") [] x) (match x 7 {res("m")}))')
sc("match-empty-arrays", f'(seq (call {I} ("const" "empty") [] e) (match e [] {res("empty")}))')
sc("mismatch-in-xor-else", f'(xor (mismatch 1 1 {res("a-branch")}) {res("else")})')

# fail (§6.4.7)
sc("fail-literal", '(fail 1337 "boom")')
sc("fail-literal-caught", f'(xor (fail 1337 "boom") {res("%last_error%", ":error:")})')
sc("fail-literal-negative", f'(xor (fail -5 "neg") {res("%last_error%")})')
sc("fail-scalar", f'(seq (call {I} ("const" "err_obj") [] e) (fail e))')
sc("fail-scalar-caught", f'(seq (call {I} ("const" "err_obj") [] e) (xor (fail e) {res("%last_error%", ":error:")}))')
sc("fail-scalar-not-object", f'(seq (call {I} ("const" "str") [] e) (xor (fail e) {res("%last_error%")}))')
sc("fail-scalar-zero-code", f'(seq (call {I} ("const" "err_zero") [] e) (xor (fail e) {res("%last_error%")}))')
sc("fail-scalar-no-message", f'(seq (call {I} ("const" "err_nomsg") [] e) (xor (fail e) {res("%last_error%")}))')
sc("fail-scalar-message-not-string", f'(seq (call {I} ("const" "err_badmsg") [] e) (xor (fail e) {res("%last_error%")}))')
sc("fail-scalar-code-not-integer", f'(seq (call {I} ("const" "err_badcode") [] e) (xor (fail e) {res("%last_error%")}))')
sc("fail-scalar-lens", f'(seq (call {I} ("id" "f") [{I}] x) (seq (call {I} ("const" "err_obj") [] e) (xor (fail e) {res("%last_error%")})))')
sc("fail-undefined-variable", f'(xor (fail undefined_var) {res("%last_error%")})'.replace("(fail undefined_var)", "(seq (par (null) (ap 1 later)) (fail later.$.x))"))
sc("fail-last-error", f'(xor (xor (call {I} ("fail" "f") []) (fail %last_error%)) {res("%last_error%", ":error:")})')
sc("fail-last-error-initial", f'(xor (fail %last_error%) {res("%last_error%")})')
sc("fail-error-rethrow", f'(xor (xor (call {I} ("fail" "f") []) (fail :error:)) {res("%last_error%", ":error:")})')
sc("fail-error-rethrow-uncaught", f'(xor (call {I} ("fail" "f") []) (fail :error:))')
sc("fail-error-after-fail", f'(xor (xor (fail 9 "nine") (fail :error:)) {res("%last_error%", ":error:")})')
sc("fail-canon-lens", f'(seq (seq (call {I} ("const" "err_obj") [] $e) (canon {I} $e #e)) (xor (fail #e.$.[0]) {res("%last_error%")}))')
sc("fail-in-par-caught", f'(xor (par (fail 1 "a") (fail 2 "b")) {res("%last_error%", ":error:")})')
sc("fail-match-does-not-set-last-error", f'(xor (seq (xor (call {I} ("fail" "f") []) (match 1 2 (null))) (null)) {res("%last_error%", ":error:")})')
sc("error-peer-id-in-call-error", f'(xor (call {A} ("fail" "f") []) (call {I} ("echo" "e") [:error: %last_error%]))')
sc("error-instruction-text", f'(seq {O} (xor (call {I} ("fail" "f") [o.$.a.b.[0] "lit" 1 []] out) {res(":error:.$.instruction")}))')
sc("error-instruction-text-no-output", f'(xor (call {I} ("fail" "f") [1.5 true %init_peer_id% %last_error%.$.message]) {res(":error:.$.instruction")})')
sc("error-instruction-ap", f'(seq {O} (xor (ap o.$.nope x) {res(":error:", "%last_error%")}))')
sc("error-instruction-fold", f'(seq (call {I} ("const" "str") [] s) (xor (fold s i (next i)) {res(":error:.$.instruction", ":error:.$.message")}))')
sc("error-instruction-canon-lens", f'(seq (seq (ap 1 $s) (canon {I} $s #c)) (xor {res("#c.$.[3]")} {res(":error:")}))')

# fold over scalars (§6.4.8)
sc("fold-array", f'(seq (call {I} ("const" "arr") [] a) (fold a i (seq {res("i")} (next i))))')
sc("fold-array-next-first", f'(seq (call {I} ("const" "arr") [] a) (fold a i (seq (next i) {res("i")})))')
sc("fold-empty", f'(seq (call {I} ("const" "empty") [] a) (seq (fold a i (seq {res("i")} (next i))) {res("after")}))')
sc("fold-empty-array-literal", f'(seq (fold [] i (seq {res("i")} (next i))) {res("after")})')
sc("fold-no-next", f'(seq (call {I} ("const" "arr") [] a) (fold a i {res("i")}))')
sc("fold-non-array", f'(seq (call {I} ("const" "str") [] a) (fold a i (next i)))')
sc("fold-lens-non-array", f'(seq {O} (xor (fold o.$.s i (next i)) {res("%last_error%.$.message")}))')
sc("fold-lens-iterable", f'(seq {O} (fold o.$.arr i (seq {res("i")} (next i))))')
sc("fold-last-instruction", f'(seq (call {I} ("const" "arr") [] a) (fold a i (seq {res("i")} (next i)) {res("last")}))')
sc("fold-nested", f'(seq (call {I} ("const" "arr") [] a) (seq (call {I} ("const" "strs") [] b) (fold a i (seq (fold b j (seq {res("i", "j")} (next j))) (next i)))))')
sc("fold-iterator-tetraplet", f'(seq {O} (fold o.$.a.b i (seq {res("i")} (next i))))')
sc("fold-iterator-restored", f'(seq (call {I} ("const" "arr") [] a) (fold a i (seq (seq (ap i x) {res("x", "i")}) (next i))))')
sc("fold-scope-isolation", f'(seq (call {I} ("const" "arr") [] a) (fold a i (seq (seq (call {I} ("id" "f") [i] v) {res("v")}) (next i))))')
sc("fold-outer-variable", f'(seq (call {I} ("const" "str") [] outer) (seq (call {I} ("const" "arr") [] a) (fold a i (seq {res("outer", "i")} (next i)))))')
sc("fold-iterator-as-call-output", f'(seq (call {I} ("const" "arr") [] a) (fold a i (seq (call {I} ("const" "num") [] i) (next i))))')
sc("fold-canon", f'(seq (seq (seq (ap 1 $s) (ap 2 $s)) (canon {I} $s #c)) (fold #c i (seq {res("i")} (next i))))')
sc("fold-objects-lens", f'(seq (call {I} ("const" "objs") [] a) (fold a i (seq {res("i.$.k", "i.$.v")} (next i))))')
sc("fold-nested-arrays", f'(seq (call {I} ("const" "nested") [] a) (fold a i (seq (fold i j (seq {res("j")} (next j))) (next i))))')
sc("fold-waits-for-iterable", f'(par (call {A} ("const" "arr") [] a) (fold a i (seq {res("i")} (next i))))')
sc("fold-par-next-local", f'(seq (call {I} ("const" "arr") [] a) (fold a i (par {res("i")} (next i))))')
sc("fold-xor-inside", f'(seq (call {I} ("const" "arr") [] a) (fold a i (seq (xor (match i 2 (call {I} ("fail" "f") [i])) {res("caught", "i")}) (next i))))')
sc("fold-error-propagates", f'(seq (call {I} ("const" "arr") [] a) (xor (fold a i (seq (match i 1 (null)) (next i))) {res("%last_error%")}))')
sc("fold-shadowing-inside", f'(seq (call {I} ("const" "arr") [] a) (fold a i (seq (seq (ap i x) (ap i x)) (next i))))')

# streams and fold over streams (§5.4, §6.4.9)
sc("stream-fold-with-last", f'(seq (seq (ap 1 $s) (ap 2 $s)) (seq (fold $s i (seq {res("i")} (next i)) (null)) {res("after")}))')
sc("stream-fold-without-last", f'(seq (seq (ap 1 $s) (ap 2 $s)) (seq (fold $s i (seq {res("i")} (next i))) {res("never-after")}))')
sc("stream-fold-unknown-stream", f'(seq (xor (null) (ap 1 $nope)) (seq (fold $nope i (seq {res("i")} (next i))) {res("after")}))')
sc("stream-fold-empty-new", f'(new $s (seq (fold $s i (seq {res("i")} (next i)) (null)) {res("after")}))')
sc("stream-fold-recursive", f'(seq (ap 1 $s) (fold $s i (seq (seq {res("i")} (xor (match i 3 (null)) (seq (call {I} ("counter" "next") [] n) (ap n $s)))) (next i)) (null)))')
sc("stream-fold-par-next", f'(seq (seq (ap "a" $s) (ap "b" $s)) (fold $s i (par {res("i")} (next i)) (null)))')
sc("stream-fold-remote", f'(seq (par (call {A} ("const" "num") [] $s) (call {B} ("const" "str") [] $s)) (fold $s i (seq (call {I} ("echo" "item") [i]) (next i)) (null)))')
sc("stream-fold-remote-values", f'(seq (call {I} ("const" "peers") [] ps) (seq (fold ps p (par (call p ("id" "me") [p] $r) (next p))) (fold $r x (seq (call {I} ("echo" "seen") [x]) (next x)) (null))))')
sc("stream-fold-errors-swallowed", f'(seq (seq (ap 1 $s) (ap 2 $s)) (seq (fold $s i (seq (call {I} ("fail" "f") [i]) (next i)) (null)) {res("after", "%last_error%.$.error_code")}))')
sc("stream-canon-order", f'(seq (seq (ap 3 $s) (seq (ap 1 $s) (ap 2 $s))) (seq (canon {I} $s #c) {res("#c")}))')
sc("stream-limit-1024", f'''
(seq
 (call {I} ("const" "arr") [] a)
 (fold a i
  (seq
   (fold a j
    (seq
     (fold a k
      (seq (fold a l (seq (fold a m (seq (ap m $s) (next m))) (next l))) (next k)))
     (next j)))
   (next i))))''')
sc("stream-values-from-two-peers-merge", f'''
(seq
 (par
  (seq (call {A} ("const" "num") [] $s) (call {A} ("const" "str") [] $s))
  (seq (call {B} ("const" "bool") [] $s) (call {B} ("const" "float") [] $s)))
 (seq (canon {I} $s #c) (call {I} ("echo" "all") [#c])))''')
sc("stream-canon-then-more", f'(seq (seq (ap 1 $s) (canon {I} $s #a)) (seq (ap 2 $s) (seq (canon {I} $s #b) {res("#a", "#b")})))')

# canon (§6.4.4)
sc("canon-empty", f'(seq (canon {I} $never_written #c) {res("#c", "#c.length")})')
sc("canon-length", f'(seq (seq (ap 1 $s) (seq (ap 2 $s) (canon {I} $s #c))) {res("#c.length")})')
sc("canon-index", f'(seq (seq (ap "a" $s) (seq (ap "b" $s) (canon {I} $s #c))) {res("#c.$.[1]", "#c.$.[0]")})')
sc("canon-index-lens", f'(seq (seq (call {I} ("const" "obj") [] $s) (canon {I} $s #c)) {res("#c.$.[0].a.b")})')
sc("canon-index-out-of-range", f'(seq (seq (ap 1 $s) (canon {I} $s #c)) {res("#c.$.[1]")})')
sc("canon-index-on-empty", f'(seq (canon {I} $e #c) {res("#c.$.[0]")})')
sc("canon-field-accessor", f'(seq (seq (ap 1 $s) (canon {I} $s #c)) {res("#c.$.x")})')
sc("canon-scalar-key", f'(seq (seq (ap "a" $s) (seq (ap "b" $s) (canon {I} $s #c))) (seq (ap 1 k) {res("#c.$.[k]")}))')
sc("canon-scalar-key-string", f'(seq (seq (ap "a" $s) (canon {I} $s #c)) (seq (ap "zero" k) {res("#c.$.[k]")}))')
sc("canon-twice-same-name", f'(seq (seq (ap 1 $s) (canon {I} $s #c)) (canon {I} $s #c))')
sc("canon-hash-name-quirk", f'(seq (seq (ap 1 $s) (canon {I} $s #c)) {res("#c")})'.replace("#c", "#cs"))
sc("canon-element-tetraplets", f'(seq (seq (call {I} ("const" "num") [] $s) (seq (ap "lit" $s) (call {I} ("const" "obj") [] $s))) (seq (canon {I} $s #c) {res("#c", "#c.$.[2].a")}))')
sc("canon-peer-variable", f'(seq (call {I} ("const" "alice") [] p) (seq (seq (ap 1 $s) (canon p $s #c)) (call {I} ("echo" "c") [#c])))')
sc("canon-waits-for-peer", f'(par (seq (canon p $s #c) {res("#c")}) (seq (ap 1 $s) (call {A} ("const" "alice") [] p)))')
sc("canon-restricted-stream", f'(seq (ap "global" $s) (new $s (seq (ap "inner" $s) (seq (canon {I} $s #c) {res("#c")}))))')
sc("canon-as-fold-after-remote", f'(seq (par (call {A} ("const" "num") [] $s) (call {B} ("const" "num") [] $s)) (seq (canon {I} $s #c) (fold #c i (seq {res("i")} (next i)))))')

# new (§6.4.10)
sc("new-scalar", f'(seq (ap 1 x) (new x (seq (ap 2 x) {res("x")})))')
sc("new-scalar-restores", f'(seq (new x (ap 2 x)) (seq (ap 3 x) {res("x")}))')
sc("new-scalar-unset-read", f'(seq (ap 1 x) (new x {res("x")}))')
sc("new-scalar-unset-caught", f'(seq (ap 1 x) (new x (xor {res("x")} {res("%last_error%.$.error_code")})))')
sc("new-stream-isolated", f'(seq (ap "outer" $s) (seq (new $s (seq (ap "inner" $s) (seq (canon {I} $s #in) {res("#in")}))) (seq (canon {I} $s #out) {res("#out")})))')
sc("new-stream-in-fold", f'(seq (call {I} ("const" "arr") [] a) (fold a i (seq (new $s (seq (ap i $s) (seq (canon {I} $s #c) {res("#c")}))) (next i))))')
sc("new-canon", f'(seq (seq (ap 1 $s) (canon {I} $s #c)) (new #c (seq (seq (ap 2 $t) (canon {I} $t #c)) {res("#c")})))')
sc("new-stream-map", f'(seq (ap ("k" "outer") %m) (new %m (seq (ap ("k" "inner") %m) (seq (canon {I} %m #%c) {res("#%c")}))))')
sc("new-remote-stream", f'(new $s (seq (par (call {A} ("const" "num") [] $s) (call {B} ("const" "str") [] $s)) (seq (canon {I} $s #c) {res("#c")})))')

# stream maps (§5.2, §6.4.3 map insert, §5.7 canon map)
M = '(seq (seq (ap ("a" 1) %m) (ap ("b" 2) %m)) (ap ("a" 3) %m))'
sc("map-canon", f'(seq {M} (seq (canon {I} %m #%c) {res("#%c")}))')
sc("map-canon-key-lens", f'(seq {M} (seq (canon {I} %m #%c) {res("#%c.$.a", "#%c.$.b", "#%c.$.missing")}))')
sc("map-canon-key-index", f'(seq {M} (seq (canon {I} %m #%c) {res("#%c.$.a.[1]", "#%c.$.a.[0]")}))')
sc("map-canon-key-index-out-of-range", f'(seq {M} (seq (canon {I} %m #%c) {res("#%c.$.b.[1]")}))')
sc("map-canon-length", f'(seq {M} (seq (canon {I} %m #%c) {res("#%c.length")}))')
sc("map-canon-to-scalar", f'(seq {M} (seq (canon {I} %m obj) {res("obj", "obj.$.a")}))')
sc("map-int-keys", f'(seq (seq (ap (1 "one") %m) (ap (2 "two") %m)) (seq (canon {I} %m #%c) {res("#%c", "#%c.$.[1]")}))')
sc("map-int-vs-string-key", f'(seq (seq (ap (42 "int") %m) (ap ("42" "str") %m)) (seq (canon {I} %m #%c) (seq (canon {I} %m sc) {res("#%c.$.[42]", "sc", "#%c.length")})))')
sc("map-variable-key", f'(seq (call {I} ("const" "str") [] k) (seq (ap (k "v") %m) (seq (canon {I} %m #%c) {res("#%c")})))')
sc("map-variable-key-number", f'(seq (call {I} ("const" "num") [] k) (seq (ap (k "v") %m) (seq (canon {I} %m #%c) {res("#%c", "#%c.$.[7]")})))')
sc("map-bad-key-type", f'(seq (call {I} ("const" "bool") [] k) (xor (ap (k "v") %m) {res("%last_error%")}))')
sc("map-key-lens", f'(seq {O} (seq (ap (o.$.s o.$.n) %m) (seq (canon {I} %m #%c) {res("#%c")})))')
sc("map-value-call-result", f'(seq {O} (seq (ap ("obj" o) %m) (seq (canon {I} %m #%c) {res("#%c.$.obj.[0].a.b", "#%c.$.obj")})))')
sc("map-fold-stream", f'(seq {M} (fold %m kv (seq {res("kv", "kv.$.key")} (next kv)) (null)))')
sc("map-fold-canon", f'(seq {M} (seq (canon {I} %m #%c) (fold #%c kv (seq {res("kv")} (next kv)))))')
sc("map-fold-canon-lens", f'(seq {M} (seq (canon {I} %m #%c) (fold #%c.$.a v (seq {res("v")} (next v)))))')
sc("map-scalar-key-accessor", f'(seq {M} (seq (canon {I} %m #%c) (seq (ap "b" k) {res("#%c.$.[k]")})))')
sc("map-remote-gather", f'(seq (par (call {A} ("const" "num") [] a) (call {B} ("const" "str") [] b)) (seq (seq (ap ("alice" a) %m) (ap ("bob" b) %m)) (seq (canon {I} %m #%c) {res("#%c")})))')
sc("map-empty-canon", f'(seq (canon {I} %nothing #%c) {res("#%c", "#%c.length")})')
sc("map-canon-to-scalar-empty", f'(seq (canon {I} %nothing x) {res("x")})')

# scalars in global scope vs folds (§5.3)
sc("scope-global-shadow-ap-after-call", f'(seq (call {I} ("const" "num") [] x) (ap 1 x))')
sc("scope-fold-body-sets-global-name", f'(seq (call {I} ("const" "arr") [] a) (seq (fold a i (seq (ap i last) (next i))) {res("a")}))')
sc("scope-variable-not-visible-after-fold", f'(seq (call {I} ("const" "arr") [] a) (seq (fold a i (seq (ap i inner) (next i))) (xor (par (null) {res("inner")}) (null))))')

# value forms in every position
sc("peer-from-fold-iterator", f'(seq (call {I} ("const" "peers") [] ps) (fold ps p (seq (call p ("echo" "hi") [p]) (next p))))')
sc("service-from-canon", f'(seq (seq (ap "echo" $svc) (canon {I} $svc #svc)) (call {I} (#svc.$.[0] "fn") ["canon service"]))')
sc("match-canon-element", f'(seq (seq (ap 5 $s) (canon {I} $s #c)) (match #c.$.[0] 5 {res("five")}))')
sc("match-canon-whole", f'(seq (seq (ap 5 $s) (canon {I} $s #c)) (seq (call {I} ("id" "f") [#c] arr) (match #c arr {res("array")})))')
sc("timestamp-and-ttl", res("%timestamp%", "%ttl%", I))
sc("literal-with-newline", res('"line1\nline2"'))
sc("comment-and-whitespace", f'; a comment\n(seq ; inline\n  {res("1")} ; after\n  (null))')

# parse / validation errors (§4.4, code 1)
sc("parse-error-syntax", "(seq (null)")
sc("parse-error-undefined-variable", f'(call {I} ("echo" "f") [undefined])')
sc("parse-error-next-outside-fold", "(next i)")
sc("parse-error-fail-zero", '(fail 0 "zero")')
sc("parse-error-unknown-instruction", "(frobnicate)")
sc("parse-error-use-before-definition", f'(seq {res("x")} (ap 1 x))')

# errors codes at the root: what an uncaught catchable error leaves (ret_code = code)
sc("uncaught-10001", "(match 1 2 (null))")
sc("uncaught-10002", "(mismatch 1 1 (null))")
sc("uncaught-10005", f'(seq (call {I} ("const" "obj") [] o) (fold o i (next i)))')
sc("uncaught-10006", '(fail 42 "answer")')
sc("uncaught-10007", f'(seq (call {I} ("const" "obj") [] o) (ap o.$.zzz x))')
sc("uncaught-10008", f'(seq (call {I} ("const" "num") [] n) (fail n))')
sc("uncaught-10009", f'(seq (ap 1 x) (new x (ap x y)))')
sc("uncaught-10010", f'(seq (call {I} ("const" "obj") [] o) (ap o.length x))')
sc("uncaught-10011", f'(seq (call {I} ("const" "obj") [] o) (call o ("s" "f") []))')
sc("uncaught-10012", f'(seq (call {I} ("const" "arr") [] k) (ap (k 1) %m))')
sc("uncaught-20004", f'(seq (call {I} ("const" "arr") [] a) (fold a i (seq (call {I} ("echo" "f") [] i) (next i))))')
sc("uncaught-20007", '(seq (ap 1 x) (ap 2 x))')

# multi-peer, data merge (§7): states crossing peers
sc("merge-par-both-remote-then-local", f'''
(seq
 (par
  (call {A} ("const" "num") [] a)
  (call {B} ("const" "str") [] b))
 (par
  (call {I} ("echo" "a") [a])
  (call {I} ("echo" "b") [b])))''')
sc("merge-fold-stream-remote-producers", f'''
(seq
 (seq
  (call {I} ("const" "peers") [] ps)
  (fold ps p (par (call p ("const" "num") [] $vals) (next p))))
 (fold $vals v
  (seq (call {I} ("echo" "v") [v]) (next v))
  (null)))''')
sc("merge-canon-after-gather", f'''
(seq
 (par
  (call {A} ("id" "a") ["from-a"] $s)
  (call {B} ("id" "b") ["from-b"] $s))
 (seq
  (call {C} ("echo" "hop") [])
  (seq (canon {C} $s #c) (call {I} ("echo" "final") [#c]))))''')
sc("merge-xor-remote-failure-then-local", f'''
(xor
 (seq (call {A} ("fail" "remote") ["x"]) (call {B} ("echo" "unreached") []))
 (call {I} ("echo" "handled") [%last_error%.$.message %last_error%.$.peer_id]))''')
sc("merge-nested-folds-peers", f'''
(seq
 (call {I} ("const" "peers") [] ps)
 (fold ps p
  (par
   (seq (call p ("const" "arr") [] xs) (fold xs x (seq (call p ("echo" "x") [x]) (next x))))
   (next p))))''')
sc("merge-ap-stream-on-two-peers", f'''
(seq
 (seq (call {A} ("const" "num") [] a) (ap a $s))
 (seq (call {B} ("const" "str") [] b) (seq (ap b $s) (seq (canon {B} $s #c) (call {I} ("echo" "c") [#c])))))''')
sc("merge-map-on-two-peers", f'''
(seq
 (seq (call {A} ("const" "num") [] a) (ap ("a" a) %m))
 (seq (call {B} ("const" "str") [] b) (seq (ap ("b" b) %m) (seq (canon {B} %m #%c) (call {I} ("echo" "c") [#%c])))))''')
sc("merge-stream-fold-next-par-remote", f'''
(seq
 (seq (ap "{{{{alice}}}}" $ps) (ap "{{{{bob}}}}" $ps))
 (seq
  (fold $ps p (par (call p ("const" "num") [] $out) (next p)) (null))
  (seq (canon {I} $out #o) (call {I} ("echo" "o") [#o]))))''')

# ---------------------------------------------------------------------------------------------


def main():
    for f in os.listdir(OUT):
        if f.endswith(".air") or (f.endswith(".services.json") and not f.startswith("_")):
            os.remove(os.path.join(OUT, f))
    with open(os.path.join(OUT, "_default.services.json"), "w") as f:
        json.dump(DEFAULT_TABLE, f, indent=1, ensure_ascii=False)
        f.write("\n")
    for name, (air, table) in S.items():
        if name != "canon-hash-name-quirk":
            # canon streams are written #$name (a one-character #c cannot take a lens, §4.1)
            air = re.sub(r"#(?![$%])([a-z]+)", r"#$\1", air)
        with open(os.path.join(OUT, name + ".air"), "w") as f:
            f.write(air)
        if table is not None:
            with open(os.path.join(OUT, name + ".services.json"), "w") as f:
                json.dump(table, f, indent=1, ensure_ascii=False)
                f.write("\n")
    print(f"{len(S)} scenarios", file=sys.stderr)


if __name__ == "__main__":
    main()
