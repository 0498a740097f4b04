package editdist

import "testing"

func TestDistance(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{{"", "", 0}, {"abc", "", 3}, {"kitten", "sitting", 3}, {"쿠버네티스", "쿠버네티스를", 1}, {"차이는", "차이점은", 2}, {"ab", "ba", 2}} {
		if got := Distance(tc.a, tc.b); got != tc.want {
			t.Errorf("Distance(%q, %q) = %d, want %d", tc.a, tc.b, got, tc.want)
		}
	}
}

func TestWithinAgreesWithDistance(t *testing.T) {
	words := []string{"", "a", "ab", "ba", "kitten", "sitting", "쿠버네티스", "쿠버네티스를", "쿠버네팁스", "차이는", "차이점은", "pod가 pending이면", "pod가 pending 이면?"}
	for _, a := range words {
		for _, b := range words {
			d := Distance(a, b)
			for k := 0; k <= 6; k++ {
				got, ok := Within([]rune(a), []rune(b), k)
				if ok != (d <= k) || (ok && got != d) {
					t.Errorf("Within(%q, %q, %d) = %d %v; Distance %d", a, b, k, got, ok, d)
				}
			}
		}
	}
}
