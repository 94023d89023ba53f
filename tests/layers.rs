//! The layout's promise, checked on the source: every module imports only layers below
//! its own (or its own layer's files), and no two modules import each other, directly or
//! round a longer cycle. Test code (`tests` folders and `#[cfg(test)] mod tests` blocks)
//! may reach anything and is not read.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The layers from the bottom up; siblings on one rank may not import each other.
const LAYERS: &[&[&str]] = &[
    &["domain"],
    &["io"],
    &["rules"],
    &["pricing"],
    &["model"],
    &["solver"],
    &["explain"],
    &["output", "import", "generate"],
    &["app"],
];

fn rank(top: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&top))
}

/// Every `.rs` file under `dir`, test folders left out.
fn sources(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "tests") {
                sources(&path, found);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// `src/solver/search/mod.rs` → `solver::search`.
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file
        .strip_prefix(src)
        .expect("under src")
        .with_extension("");
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// The code of a file without comments and without its unit-test module.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| line.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The crate paths a file names: `crate::a::b::C` and each path of `crate::{a::b, c}`.
fn crate_paths(code: &str) -> Vec<String> {
    let mut paths = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        let rest = &code[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = &group[..group.find('}').unwrap_or(group.len())];
            paths.extend(inner.split(',').map(|p| p.trim().to_string()));
        } else {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':'))
                .unwrap_or(rest.len());
            paths.push(rest[..end].to_string());
        }
    }
    paths
}

/// The longest prefix of `path` that is a module.
fn resolve(path: &str, modules: &BTreeSet<String>) -> Option<String> {
    let parts: Vec<&str> = path.split("::").filter(|p| !p.is_empty()).collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find(|candidate| modules.contains(candidate))
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let modules: BTreeSet<String> = files.iter().map(|f| module_of(&src, f)).collect();
    let mut edges = BTreeMap::new();
    for file in &files {
        let from = module_of(&src, file);
        let text = std::fs::read_to_string(file).expect("read source");
        let targets: BTreeSet<String> = crate_paths(&code(&text))
            .iter()
            .filter_map(|path| resolve(path, &modules))
            .filter(|to| *to != from && !from.starts_with(&format!("{to}::")))
            .collect();
        edges.insert(from, targets);
    }
    edges
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

#[test]
fn every_import_points_down_the_layers() {
    let mut upward = Vec::new();
    for (from, targets) in graph() {
        let Some(own) = rank(top(&from)) else {
            continue; // the crate root and main dispatch; they may name anything
        };
        for to in targets {
            let below = rank(top(&to)).is_some_and(|r| r < own);
            if !(below || top(&to) == top(&from)) {
                upward.push(format!("{from} → {to}"));
            }
        }
    }
    assert!(
        upward.is_empty(),
        "imports that do not point down:\n{}",
        upward.join("\n")
    );
}

#[test]
fn the_checker_shares_nothing_with_the_model_or_the_solver() {
    let edges = graph();
    let mut reached = BTreeSet::new();
    let mut stack: Vec<String> = edges
        .keys()
        .filter(|m| m.starts_with("rules::check"))
        .cloned()
        .collect();
    while let Some(module) = stack.pop() {
        for to in edges.get(&module).into_iter().flatten() {
            if reached.insert(to.clone()) {
                stack.push(to.clone());
            }
        }
    }
    let forbidden: Vec<&String> = reached
        .iter()
        .filter(|m| matches!(top(m), "model" | "solver" | "pricing"))
        .collect();
    assert!(forbidden.is_empty(), "the checker reaches {forbidden:?}");
}

#[test]
fn no_two_modules_import_each_other() {
    let edges = graph();
    // Tarjan's strongly connected components: a component of two or more is a cycle.
    struct Walk<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        cycles: Vec<Vec<&'a str>>,
    }
    impl<'a> Walk<'a> {
        fn visit(&mut self, v: &'a str) {
            let i = self.index.len();
            self.index.insert(v, i);
            self.low.insert(v, i);
            self.stack.push(v);
            for w in self.edges.get(v).into_iter().flatten() {
                let w = w.as_str();
                if !self.index.contains_key(w) {
                    self.visit(w);
                    let low = self.low[v].min(self.low[w]);
                    self.low.insert(v, low);
                } else if self.stack.contains(&w) {
                    let low = self.low[v].min(self.index[w]);
                    self.low.insert(v, low);
                }
            }
            if self.low[v] == self.index[v] {
                let at = self.stack.iter().rposition(|&x| x == v).expect("on stack");
                let component = self.stack.split_off(at);
                if component.len() > 1 {
                    self.cycles.push(component);
                }
            }
        }
    }
    let mut walk = Walk {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        cycles: Vec::new(),
    };
    for module in edges.keys() {
        if !walk.index.contains_key(module.as_str()) {
            walk.visit(module);
        }
    }
    assert!(walk.cycles.is_empty(), "import cycles: {:?}", walk.cycles);
}
