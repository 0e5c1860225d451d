package verify

import "github.com/docbuild/docbuild/verify/extract"

func emptyScenario() extract.Scenario { return extract.Scenario{Aliases: map[string]string{}} }
