module github.com/sbomkeeper/sbomkeeper

go 1.26.8

require github.com/BurntSushi/toml v1.6.0

require (
	github.com/dlclark/regexp2 v1.11.0
	github.com/klauspost/compress v1.20.3
	github.com/mikelolasagasti/xz v1.0.1
	github.com/santhosh-tekuri/jsonschema/v6 v6.0.3
	golang.org/x/mod v0.30.0
)

require golang.org/x/text v0.14.0

require go.yaml.in/yaml/v3 v3.0.4
