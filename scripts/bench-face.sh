#!/usr/bin/env bash
# The face benchmark for BENCHMARKS.md: a release build of minsheng-face-bench (MinshengFace alone) and the plain
# C++ floor (Benchmarks/face-floor/floor.cpp: the same dlib calls, nothing around them, g++ -O2), run one after the
# other on the same images in the same session. Usage: scripts/bench-face.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
rounds=${1:-30}
scripts/fetch-models.sh
swift build -c release --product minsheng-face-bench --scratch-path .build-release
mkdir -p .build-release/floor
g++ -O2 -std=c++17 -ISources/CDlibFace Benchmarks/face-floor/floor.cpp -o .build-release/floor/face-floor -ldlib -lblas -llapack -ljpeg -lpng
fixtures=Tests/MinshengFaceTests/Fixtures
images="obama_1.jpg obama_2.jpg biden_1.jpg kit_harington_2.jpg rose_leslie_2.jpg alex_lacamoire_1.jpg warped/still_1.jpg warped/turn_left.jpg"
echo "== floor: plain C++ loop over the same dlib calls"
(cd "$fixtures" && /usr/bin/time -f "floor peak_rss_mib=%M(KiB)" "$OLDPWD/.build-release/floor/face-floor" "$rounds" "$OLDPWD/var/models" $images)
echo "== minsheng-face-bench"
.build-release/release/minsheng-face-bench var/models "$fixtures" "$rounds"
