// zlib (Debian's zlib1g-dev) for the token status list's DEFLATE and the QR PNG's IDAT.
#include <zlib.h>
