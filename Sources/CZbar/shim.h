// Debian libzbar-dev: reading QR codes from photos the verifier page uploads.
#include <zbar.h>
