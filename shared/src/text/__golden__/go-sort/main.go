// Command go-sort writes go-sort.json: inputs full of ties and the order Go's sort.Sort leaves them in.
// shared/src/text/go-sort.test.ts checks that goSort reproduces every case. Regenerate with
// `go run shared/src/text/__golden__/go-sort/main.go > shared/src/text/__golden__/go-sort/go-sort.json`.
package main

import (
	"encoding/json"
	"math/rand"
	"os"
	"sort"
)

type item struct{ key, index int }

type byKey []item

func (s byKey) Len() int           { return len(s) }
func (s byKey) Less(i, j int) bool { return s[i].key < s[j].key }
func (s byKey) Swap(i, j int)      { s[i], s[j] = s[j], s[i] }

type testCase struct {
	Name  string `json:"name"`
	Keys  []int  `json:"keys"`
	Order []int  `json:"order"`
}

func main() {
	rng := rand.New(rand.NewSource(20261203))
	var cases []testCase
	add := func(name string, keys []int) {
		items := make(byKey, len(keys))
		for i, k := range keys {
			items[i] = item{k, i}
		}
		sort.Sort(items)
		order := make([]int, len(items))
		for i, it := range items {
			order[i] = it.index
		}
		cases = append(cases, testCase{name, keys, order})
	}
	shapes := map[string]func(n, distinct int) []int{
		"random": func(n, d int) []int {
			k := make([]int, n)
			for i := range k {
				k[i] = rng.Intn(d)
			}
			return k
		},
		"ascending-runs": func(n, d int) []int {
			k := make([]int, n)
			for i := range k {
				k[i] = i * d / n
			}
			return k
		},
		"descending": func(n, d int) []int {
			k := make([]int, n)
			for i := range k {
				k[i] = (n - i) * d / n
			}
			return k
		},
		"sawtooth": func(n, d int) []int {
			k := make([]int, n)
			for i := range k {
				k[i] = i % d
			}
			return k
		},
		"nearly-sorted": func(n, d int) []int {
			k := make([]int, n)
			for i := range k {
				k[i] = i * d / n
			}
			for s := 0; s < 3 && n > 1; s++ {
				a, b := rng.Intn(n), rng.Intn(n)
				k[a], k[b] = k[b], k[a]
			}
			return k
		},
	}
	names := []string{"random", "ascending-runs", "descending", "sawtooth", "nearly-sorted"}
	for _, n := range []int{0, 1, 2, 3, 7, 8, 12, 13, 20, 49, 50, 51, 64, 100, 257, 600} {
		for _, d := range []int{1, 2, 3, 10, 1000} {
			for _, name := range names {
				add(name, shapes[name](n, d))
			}
		}
	}
	enc := json.NewEncoder(os.Stdout)
	if err := enc.Encode(cases); err != nil {
		panic(err)
	}
}
