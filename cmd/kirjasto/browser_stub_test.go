package main

import "testing"

func (env *browserEnv) testScreenshots(t *testing.T)   {}
