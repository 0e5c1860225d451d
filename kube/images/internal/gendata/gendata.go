// Package gendata converts the catalogue's YAML sources (kube/images/data/*.yaml, the files
// people edit) into the JSON kube/images embeds and decodes at run time (encoding/json is much
// faster than decoding YAML, and every simulated cluster loads the catalogue). It imports
// sigs.k8s.io/yaml.
package gendata

import (
	"bytes"
	"encoding/json"

	"sigs.k8s.io/yaml"
)

// Convert turns YAML into indented JSON.
func Convert(src []byte) ([]byte, error) {
	j, err := yaml.YAMLToJSON(src)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := json.Indent(&buf, j, "", " "); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
