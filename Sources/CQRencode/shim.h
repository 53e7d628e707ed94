// Debian libqrencode-dev: QR encoding for the presentation codes.
#include <qrencode.h>
