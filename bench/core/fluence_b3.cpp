// fluence_b3: prints the BLAKE3 hash of a file like `b3sum --no-names`, single-threaded, with
// our implementation; for side-by-side timing against b3sum. Like b3sum it maps the file
// instead of copying it through read().
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <string>

#include "fluence/core/blake3.h"

int main(int argc, char** argv) {
  if (argc != 2 || std::strcmp(argv[1], "--help") == 0) {
    std::fprintf(stderr, "usage: fluence_b3 FILE\n");
    return 2;
  }
  int fd = ::open(argv[1], O_RDONLY);
  if (fd < 0) {
    std::perror(argv[1]);
    return 1;
  }
  struct stat st {};
  if (::fstat(fd, &st) != 0) {
    std::perror("fstat");
    return 1;
  }
  fluence::Blake3Hasher hasher;
  auto size = static_cast<std::size_t>(st.st_size);
  if (size > 0) {
    void* map = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
    if (map == MAP_FAILED) {
      std::perror("mmap");
      return 1;
    }
    hasher.update({static_cast<const std::uint8_t*>(map), size});
    ::munmap(map, size);
  }
  ::close(fd);
  auto digest = hasher.finalize();
  std::printf("%s\n", fluence::hex_encode(digest).c_str());
  return 0;
}
