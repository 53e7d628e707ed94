# The two commands a new developer needs; see README.md.
.PHONY: run test build bench

run:
	scripts/run.sh

test:
	scripts/test.sh

build:
	swift build

bench:
	swift build -c release --product minsheng --scratch-path .build-release
	.build-release/release/minsheng bench registry --residents 100000
