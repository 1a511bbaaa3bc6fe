module github.com/sbomkeeper/sbomkeeper

go 1.26.8

require github.com/BurntSushi/toml v1.6.0

require (
	github.com/klauspost/compress v1.20.3
	github.com/mikelolasagasti/xz v1.0.1
	golang.org/x/mod v0.30.0
)
