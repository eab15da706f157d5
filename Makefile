# Audio Analysis Server — developer entry points. See README.md.
SHELL := /bin/bash
.DEFAULT_GOAL := run
FIXTURES_DIR ?= $(abspath ../shared/fixtures)
export FIXTURES_DIR

APT_PACKAGES := libsndfile1-dev libfftw3-dev libsoxr-dev libpq-dev libsqlite3-dev libssl-dev zlib1g-dev \
	libcurl4-openssl-dev postgresql postgresql-common pkg-config

.PHONY: bootstrap build run test
bootstrap:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; done); \
	if [ -n "$$missing" ]; then echo "installing: $$missing"; \
	  SUDO=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$missing; fi

build: bootstrap
	swift build -c release

run: build
	.build/release/audio-server serve

test: bootstrap
	swift build --build-tests
	swift test --skip-build
