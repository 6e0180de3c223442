// Sizes and tags of the rkyv 0.7 archive of InterpreterData (air.md §9.3-§9.4), shared by the
// reader and the writer. Everything is 4-aligned except str and byte slices (1-aligned).
#pragma once

#include <cstddef>
#include <cstdint>

namespace fluence::air::archive {

inline constexpr std::size_t kRootSize = 60;
inline constexpr std::size_t kSlicePtrSize = 8;  // i32 offset + u32 length
inline constexpr std::size_t kRcPtrSize = 4;     // i32 offset to a sized T
inline constexpr std::size_t kStringSize = 8;    // inline (<= 7 bytes) or out-of-line
inline constexpr std::size_t kInlineStringCapacity = 7;
inline constexpr std::size_t kStateSize = 24;
inline constexpr std::size_t kFoldLoreSize = 12;
inline constexpr std::size_t kSubTraceDescSize = 8;
inline constexpr std::size_t kStoreEntrySize = 12;
inline constexpr std::size_t kSignatureEntrySize = 16;
inline constexpr std::size_t kRawValueSize = 8;
inline constexpr std::size_t kTetrapletSize = 32;
inline constexpr std::size_t kServiceResultSize = 24;
inline constexpr std::size_t kCanonElementSize = 28;
inline constexpr std::size_t kCanonResultSize = 16;

// Offsets of the root's fields.
inline constexpr std::size_t kRootTrace = 0;
inline constexpr std::size_t kRootLastCallRequestId = 8;
inline constexpr std::size_t kRootValueStore = 12;
inline constexpr std::size_t kRootTetrapletStore = 20;
inline constexpr std::size_t kRootCanonElementStore = 28;
inline constexpr std::size_t kRootCanonResultStore = 36;
inline constexpr std::size_t kRootServiceResultStore = 44;
inline constexpr std::size_t kRootSignatures = 52;

enum StateTag : std::uint8_t { kPar = 0, kCall = 1, kFold = 2, kAp = 3, kCanon = 4 };
enum CallTag : std::uint8_t { kRequestSentBy = 0, kExecuted = 1, kFailed = 2 };
enum SenderTag : std::uint8_t { kPeerId = 0, kPeerIdWithCallId = 1 };
enum ValueRefTag : std::uint8_t { kScalar = 0, kStream = 1, kUnused = 2 };
enum CanonTag : std::uint8_t { kCanonRequestSentBy = 0, kCanonExecuted = 1 };

}  // namespace fluence::air::archive
