// Internal to the core library: the BLAKE3 G function and one round (G on the four columns,
// then on the four diagonals), for any 32-bit word type W: uint32_t, a GCC vector of them,
// or an intrinsics register.
//
// Included inside an anonymous namespace, like blake3_lanes.h, so every kernel file gets its own
// copy compiled with its own instruction-set flags. A file whose W has no native + and ^ (the
// __m256i/__m512i kernels) defines a non-template `g` for it before the inclusion; overload
// resolution then prefers that exact match to the generic template below.

template <typename W>
inline W rotr(W x, int n) {
  return (x >> n) | (x << (32 - n));
}

template <typename W>
inline void g(W* v, int a, int b, int c, int d, W mx, W my) {
  v[a] = v[a] + v[b] + mx;
  v[d] = rotr(v[d] ^ v[a], 16);
  v[c] = v[c] + v[d];
  v[b] = rotr(v[b] ^ v[c], 12);
  v[a] = v[a] + v[b] + my;
  v[d] = rotr(v[d] ^ v[a], 8);
  v[c] = v[c] + v[d];
  v[b] = rotr(v[b] ^ v[c], 7);
}

// `s` is the round's message schedule: which of the 16 message words feed each G.
template <typename W>
inline void blake3_round(W* v, const W* m, const std::uint8_t* s) {
  g(v, 0, 4, 8, 12, m[s[0]], m[s[1]]);
  g(v, 1, 5, 9, 13, m[s[2]], m[s[3]]);
  g(v, 2, 6, 10, 14, m[s[4]], m[s[5]]);
  g(v, 3, 7, 11, 15, m[s[6]], m[s[7]]);
  g(v, 0, 5, 10, 15, m[s[8]], m[s[9]]);
  g(v, 1, 6, 11, 12, m[s[10]], m[s[11]]);
  g(v, 2, 7, 8, 13, m[s[12]], m[s[13]]);
  g(v, 3, 4, 9, 14, m[s[14]], m[s[15]]);
}
