// Package demo builds a realistic demo consortium modelled on Helmet, the
// joint library of Espoo, Helsinki, Kauniainen and Vantaa: the member
// libraries and their real branches with hours and holidays, and a
// catalogue of any size generated deterministically from a seed.
package demo
