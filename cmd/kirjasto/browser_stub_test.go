package main

import "testing"

func (env *browserEnv) testWeight(t *testing.T)        {}
func (env *browserEnv) testScreenshots(t *testing.T)   {}
