// Command validate-k8s checks Kubernetes manifests offline: each YAML document is decoded strictly (unknown or
// mistyped fields are errors) into the typed Kubernetes API object of its kind, and the checks Parity's sharding
// recipe relies on are applied to Jobs (Indexed completion mode, a shard count in step with completions, volumes
// that exist). Used by recipes/validate-recipes.sh; no cluster is needed.
package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"

	batchv1 "k8s.io/api/batch/v1"
	corev1 "k8s.io/api/core/v1"
	"sigs.k8s.io/yaml"
)

type typeMeta struct {
	APIVersion string `json:"apiVersion"`
	Kind       string `json:"kind"`
}

func documents(data []byte) [][]byte {
	var out [][]byte
	for _, doc := range bytes.Split(data, []byte("\n---")) {
		if len(bytes.TrimSpace(stripComments(doc))) > 0 {
			out = append(out, doc)
		}
	}
	return out
}

func stripComments(doc []byte) []byte {
	var kept []string
	for _, line := range strings.Split(string(doc), "\n") {
		if !strings.HasPrefix(strings.TrimSpace(line), "#") {
			kept = append(kept, line)
		}
	}
	return []byte(strings.Join(kept, "\n"))
}

func checkPodSpec(spec corev1.PodSpec) []string {
	var problems []string
	volumes := map[string]bool{}
	for _, v := range spec.Volumes {
		volumes[v.Name] = true
	}
	if len(spec.Containers) == 0 {
		problems = append(problems, "the pod has no container")
	}
	for _, c := range spec.Containers {
		if c.Image == "" {
			problems = append(problems, fmt.Sprintf("container %s has no image", c.Name))
		}
		for _, m := range c.VolumeMounts {
			if !volumes[m.Name] {
				problems = append(problems, fmt.Sprintf("container %s mounts volume %s, which the pod does not define", c.Name, m.Name))
			}
		}
	}
	if spec.RestartPolicy != corev1.RestartPolicyNever && spec.RestartPolicy != corev1.RestartPolicyOnFailure {
		problems = append(problems, "a Job's pods need restartPolicy Never or OnFailure")
	}
	return problems
}

func checkJob(job batchv1.Job) []string {
	problems := checkPodSpec(job.Spec.Template.Spec)
	if mode := job.Spec.CompletionMode; mode != nil && *mode != batchv1.IndexedCompletion && *mode != batchv1.NonIndexedCompletion {
		problems = append(problems, fmt.Sprintf("completionMode must be Indexed or NonIndexed, not %q", *mode))
	}
	if job.Spec.CompletionMode == nil || *job.Spec.CompletionMode != batchv1.IndexedCompletion {
		return problems
	}
	if job.Spec.Completions == nil {
		return append(problems, "an Indexed Job needs completions (the number of shards)")
	}
	if job.Spec.BackoffLimitPerIndex != nil && job.Spec.Template.Spec.RestartPolicy != corev1.RestartPolicyNever {
		problems = append(problems, "backoffLimitPerIndex needs restartPolicy Never")
	}
	for _, c := range job.Spec.Template.Spec.Containers {
		for _, e := range c.Env {
			if e.Name == "PARITY_SHARD_COUNT" && e.Value != fmt.Sprint(*job.Spec.Completions) {
				problems = append(problems, fmt.Sprintf("PARITY_SHARD_COUNT is %q but completions is %d", e.Value, *job.Spec.Completions))
			}
		}
	}
	return problems
}

func validate(file string) (int, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return 0, err
	}
	docs := documents(data)
	for i, doc := range docs {
		var meta typeMeta
		if err := yaml.Unmarshal(doc, &meta); err != nil {
			return 0, fmt.Errorf("document %d: %v", i+1, err)
		}
		var problems []string
		switch meta.APIVersion + "/" + meta.Kind {
		case "batch/v1/Job":
			var job batchv1.Job
			if err := yaml.UnmarshalStrict(doc, &job); err != nil {
				return 0, fmt.Errorf("document %d (Job): %v", i+1, err)
			}
			problems = checkJob(job)
		case "v1/PersistentVolumeClaim":
			var claim corev1.PersistentVolumeClaim
			if err := yaml.UnmarshalStrict(doc, &claim); err != nil {
				return 0, fmt.Errorf("document %d (PersistentVolumeClaim): %v", i+1, err)
			}
			if len(claim.Spec.AccessModes) == 0 {
				problems = append(problems, "the claim has no access mode")
			}
		default:
			return 0, fmt.Errorf("document %d: kind %s/%s is not checked by this tool", i+1, meta.APIVersion, meta.Kind)
		}
		if len(problems) > 0 {
			return 0, fmt.Errorf("document %d (%s): %s", i+1, meta.Kind, strings.Join(problems, "; "))
		}
	}
	return len(docs), nil
}

func main() {
	failed := false
	for _, file := range os.Args[1:] {
		n, err := validate(file)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", file, err)
			failed = true
			continue
		}
		fmt.Printf("%s: %d documents valid\n", file, n)
	}
	if failed {
		os.Exit(1)
	}
}
