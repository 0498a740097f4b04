package korean

import (
	"slices"
	"strings"
	"testing"
)

func TestJamoRoundTrip(t *testing.T) {
	for _, w := range []string{"쿠버네티스", "값", "도커 스웜", "kb와 힙"} {
		if got := Syllables(Jamo(w)); got != w {
			t.Errorf("Syllables(Jamo(%q)) = %q", w, got)
		}
	}
	if a, b := []rune(Jamo("쿠버네티스")), []rune(Jamo("쿠버네테스")); len(a) != len(b) {
		t.Errorf("a one-vowel typo changes the length: %d vs %d", len(a), len(b))
	}
}

// Loanwords in Hangul and their Latin spellings share a key, and their vowels
// agree; unrelated words that share a key do not.
func TestLoanwords(t *testing.T) {
	pairs := [][2]string{
		{"이스티오", "istio"}, {"테라폼", "terraform"}, {"벨레로", "velero"}, {"트리비", "trivy"},
		{"쿠버네티스", "kubernetes"}, {"도커", "docker"}, {"젠킨스", "jenkins"}, {"앤서블", "ansible"},
		{"프로메테우스", "prometheus"}, {"그라파나", "grafana"}, {"레디스", "redis"}, {"카프카", "kafka"},
		{"스레드", "thread"}, {"파이썬", "python"}, {"캐시", "cache"}, {"리눅스", "linux"},
		{"우분투", "ubuntu"}, {"뮤텍스", "mutex"}, {"세마포어", "semaphore"}, {"소켓", "socket"},
		{"세션", "session"}, {"서버", "server"}, {"스택", "stack"}, {"데드락", "deadlock"},
		{"스프링", "spring"}, {"헬름", "helm"}, {"컴파일", "compile"}, {"키베르노", "kyverno"},
		{"아르고", "argo"}, {"포트폴리오", "portfolio"},
		// DevOps names and terms as Korean notes write them: vowel pairs (vault,
		// thread), i as 아이 (bind), soft g (manager, image, registry), -tion,
		// -tual, a w or h heard (worker, swarm, webhook), -age (image).
		{"스웜", "swarm"}, {"볼트", "vault"}, {"바인드", "bind"}, {"카인드", "kind"},
		{"매니저", "manager"}, {"워커", "worker"}, {"이미지", "image"}, {"레지스트리", "registry"},
		{"파티션", "partition"}, {"톨러레이션", "toleration"}, {"버추얼박스", "virtualbox"},
		{"웹훅", "webhook"}, {"쉘", "shell"}, {"셸", "shell"}, {"리퀘스트", "request"},
		{"플루언트디", "fluentd"}, {"리액트", "react"}, {"패키지", "package"}, {"메시지", "message"},
		{"스토리지", "storage"}, {"아키텍처", "architecture"}, {"클라이언트", "client"},
		{"게이트웨이", "gateway"}, {"엘라스틱서치", "elasticsearch"},
		{"로그스태시", "logstash"}, {"링커디", "linkerd"}, {"엔보이", "envoy"}, {"하프록시", "haproxy"},
		{"주키퍼", "zookeeper"}, {"캘리코", "calico"}, {"플라넬", "flannel"}, {"실리움", "cilium"},
		{"하버", "harbor"}, {"넥서스", "nexus"}, {"소나큐브", "sonarqube"}, {"스피나커", "spinnaker"},
		{"데몬셋", "daemonset"}, {"스테이트풀셋", "statefulset"}, {"인그레스", "ingress"},
		{"네임스페이스", "namespace"}, {"컨피그맵", "configmap"}, {"레플리카셋", "replicaset"},
		{"플레이북", "playbook"}, {"인벤토리", "inventory"}, {"핸들러", "handler"},
		{"시스템디", "systemd"}, {"아이노드", "inode"}, {"게이트웨이", "gateway"},
		{"오퍼레이터", "operator"}, {"사이드카", "sidecar"}, {"테인트", "taint"}, {"어피니티", "affinity"},
		{"미니큐브", "minikube"}, {"오픈시프트", "openshift"}, {"노마드", "nomad"}, {"에어플로우", "airflow"},
	}
	for _, p := range pairs {
		hk := LoanKeys(p[0])
		lk := LoanKeys(p[1])
		if len(hk) != 1 || !contains(lk, hk[0]) {
			t.Errorf("%s %v and %s %v: keys differ", p[0], hk, p[1], lk)
			continue
		}
		if s := LoanMatch(p[0], p[1]); s < 0.5 {
			t.Errorf("LoanMatch(%s, %s) = %.2f, want >= 0.5", p[0], p[1], s)
		}
	}
	// Same skeleton (V S T), different vowels.
	if s := LoanMatch("이스티오", "used"); s >= 0.5 {
		t.Errorf("LoanMatch(이스티오, used) = %.2f, want < 0.5", s)
	}
	for _, w := range []string{"k8s", "ab", "é", ""} {
		if k := LoanKeys(w); k != nil {
			t.Errorf("LoanKeys(%q) = %v, want none", w, k)
		}
	}
}

func contains(s []string, x string) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// The first consonant's voicing tells apart the Latin words one Hangul key
// finds: 벡터 is vector, not packet (패킷); 버킷 is bucket, not pocket (포켓).
// Tense consonants (깃 for git) and soft c/g agree with anything.
func TestLoanMatchOnset(t *testing.T) {
	for _, c := range []struct{ hangul, better, worse string }{
		{"벡터", "vector", "packet"},
		{"패킷", "packet", "bucket"},
		{"버킷", "bucket", "pocket"},
		{"테라폼", "terraform", "deraform"},
		{"도커", "docker", "tocker"},
		{"쿠버네티스", "kubernetes", "gubernetes"},
	} {
		b, w := LoanMatch(c.hangul, c.better), LoanMatch(c.hangul, c.worse)
		if b <= w {
			t.Errorf("LoanMatch(%s): %s %.2f, %s %.2f; want the first higher", c.hangul, c.better, b, c.worse, w)
		}
	}
	for _, c := range [][2]string{{"깃", "git"}, {"실리움", "cilium"}, {"젠킨스", "jenkins"}, {"파이썬", "python"}} {
		if !onsetAgrees(c[0], c[1]) {
			t.Errorf("onsetAgrees(%s, %s) = false", c[0], c[1])
		}
	}
}

func TestAcronyms(t *testing.T) {
	for _, c := range []struct {
		word string
		want []string
	}{
		{"디엔에스", []string{"dns"}},
		{"에이치피에이", []string{"hpa"}},
		{"제이브이엠", []string{"jvm"}},
		{"에이더블유에스", []string{"aws"}},
		{"씨아이씨디", []string{"cicd"}},
		{"지씨", []string{"gc", "zc"}},
		{"에스", nil},    // one letter
		{"쿠버네티스", nil}, // not letter names
		{"디엔에스가", nil}, // a particle: the caller strips it first
		{"dns", nil},
	} {
		got := Acronyms(c.word)
		if !slices.Equal(got, c.want) {
			t.Errorf("Acronyms(%s) = %q, want %q", c.word, got, c.want)
		}
	}
	// No input makes it slow: every path it walks is an answer.
	long := strings.Repeat("지", 60) + "가"
	if got := Acronyms(long); got != nil {
		t.Errorf("Acronyms(지…가) = %q", got)
	}
	if got := Acronyms(strings.Repeat("지비", 30)); len(got) != maxAcronyms {
		t.Errorf("Acronyms(지비…) gave %d readings, want %d", len(got), maxAcronyms)
	}
}

// A word spelled partly by sound and partly by letter names has a reading
// whose key is the Latin word's.
func TestMixedSpellings(t *testing.T) {
	for _, p := range [][2]string{
		{"마이에스큐엘", "mysql"}, {"엔닷츠", "ndots"}, {"쿠베시티엘", "kubectl"},
		{"노드제이에스", "nodejs"}, {"몽고디비", "mongodb"}, {"래빗엠큐", "rabbitmq"},
		{"그래프큐엘", "graphql"}, {"노에스큐엘", "nosql"}, {"포스트그레에스큐엘", "postgresql"},
	} {
		found := false
		for _, m := range MixedSpellings(p[0]) {
			rest := strings.TrimSuffix(p[1], m.Letters)
			if !m.LettersLast {
				rest = strings.TrimPrefix(p[1], m.Letters)
			}
			if slices.Contains(LoanKeys(p[1]), m.Key) && rest != p[1] && LoanMatchPart(m.Sound, rest) >= 0.6 {
				found = true
			}
		}
		if !found {
			t.Errorf("no reading of %s matches %s: %+v", p[0], p[1], MixedSpellings(p[0]))
		}
	}
	if got := MixedSpellings("쿠버네티스"); len(got) != 0 {
		t.Errorf("MixedSpellings(쿠버네티스) = %+v, want none: no part is letter names", got)
	}
}

func TestMixedSpellingsLongWord(t *testing.T) {
	if got := MixedSpellings(strings.Repeat("에스", 5000)); got != nil {
		t.Errorf("a 10,000-syllable word gave %d readings", len(got))
	}
}
