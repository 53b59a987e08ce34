//! The crate's layout stays one-way: no file imports a file that imports it,
//! however long the circle.
//!
//! A file "imports" another when it names something the other defines: a `use`
//! of `crate::…`, `super::…` or `self::…`, or such a path written inline. A
//! name the crate root re-exports (`crate::App`) counts as an import of the file
//! that defines it. The crate root itself is the crate's public face and is left
//! out; so is test code (`#[cfg(test)]` to the end of a file).

#![expect(
    clippy::unwrap_used,
    reason = "a test that cannot read the crate's own sources should fail loudly"
)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path from the crate root: `["dossiers", "intake"]`.
type ModulePath = Vec<String>;

#[test]
fn no_file_imports_a_file_that_imports_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let files = module_files(&src);
    let root_names = root_reexports(&files);
    let mut graph: BTreeMap<ModulePath, BTreeSet<ModulePath>> = BTreeMap::new();
    for (module, file) in &files {
        if module.is_empty() {
            continue;
        }
        let code = code_of(&std::fs::read_to_string(file).unwrap());
        let targets = graph.entry(module.clone()).or_default();
        for path in paths_in(&tokens(&code)) {
            let Some(absolute) = absolute(&path, module) else {
                continue;
            };
            if let Some(target) = file_of(&absolute, &files, &root_names)
                && target != *module
                && !target.is_empty()
            {
                targets.insert(target);
            }
        }
    }
    let circles = circles(&graph);
    assert!(
        circles.is_empty(),
        "files that import each other (each line is a circle):\n{}",
        circles
            .iter()
            .map(|c| c
                .iter()
                .map(|m| m.join("::"))
                .collect::<Vec<_>>()
                .join(" → "))
            .collect::<Vec<_>>()
            .join("\n")
    );
}

/// Every module file under `src`, by module path.
fn module_files(src: &Path) -> BTreeMap<ModulePath, PathBuf> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(src).unwrap().with_extension("");
            let mut module: ModulePath = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if module.last().is_some_and(|l| l == "mod" || l == "lib") {
                module.pop();
            }
            out.insert(module, path);
        }
    }
    out
}

/// The names the crate root re-exports, with the path each stands for.
fn root_reexports(files: &BTreeMap<ModulePath, PathBuf>) -> BTreeMap<String, ModulePath> {
    let root = std::fs::read_to_string(&files[&Vec::new()]).unwrap();
    let mut names = BTreeMap::new();
    for path in uses_in(&tokens(&code_of(&root))) {
        if let Some(name) = path.last() {
            names.insert(name.clone(), path);
        }
    }
    names
}

/// The file a path names something in: the longest prefix that is a module.
fn file_of(
    path: &[String],
    files: &BTreeMap<ModulePath, PathBuf>,
    root_names: &BTreeMap<String, ModulePath>,
) -> Option<ModulePath> {
    if let Some(first) = path.first()
        && !files.contains_key(&vec![first.clone()])
        && let Some(target) = root_names.get(first)
        && target.as_slice() != path
    {
        return file_of(target, files, root_names);
    }
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| files.contains_key(prefix))
}

/// A path made absolute from the crate root; `None` for paths into other crates.
fn absolute(path: &[String], here: &ModulePath) -> Option<Vec<String>> {
    let mut base = match path.first()?.as_str() {
        "crate" => Vec::new(),
        "self" => here.clone(),
        "super" => {
            let mut up = here.clone();
            up.pop();
            up
        }
        _ => return None,
    };
    let mut rest = &path[1..];
    while rest.first().is_some_and(|s| s == "super") {
        base.pop();
        rest = &rest[1..];
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// The source without comments, string and character literals, and test code.
fn code_of(source: &str) -> String {
    let source = match source.find("#[cfg(test)]") {
        Some(at) => &source[..at],
        None => source,
    };
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i + 1 < chars.len() && !(chars[i] == '*' && chars[i + 1] == '/') {
                i += 1;
            }
            i += 2;
        } else if c == 'r' && (next == Some('#') || next == Some('"')) {
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= chars.len() {
                    break;
                }
                if chars[j] == '"' && (1..=hashes).all(|k| chars.get(j + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.push_str("\"\"");
            i = j;
        } else if c == '"' {
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += if chars[i] == '\\' { 2 } else { 1 };
            }
            i += 1;
            out.push_str("\"\"");
        } else if c == '\'' && next == Some('\\') {
            i += 2;
            while i < chars.len() && chars[i] != '\'' {
                i += 1;
            }
            i += 1;
        } else if c == '\'' && chars.get(i + 2) == Some(&'\'') {
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// Identifiers and punctuation; `::` is one token.
fn tokens(code: &str) -> Vec<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_alphanumeric() || c == '_' {
            let start = i;
            while i < chars.len() && (chars[i].is_alphanumeric() || chars[i] == '_') {
                i += 1;
            }
            out.push(chars[start..i].iter().collect());
        } else if c == ':' && chars.get(i + 1) == Some(&':') {
            out.push("::".to_owned());
            i += 2;
        } else if c.is_whitespace() {
            i += 1;
        } else {
            out.push(c.to_string());
            i += 1;
        }
    }
    out
}

/// Every path a file names: those its `use` items bring in and those written
/// inline from `crate`, `self` or `super`.
fn paths_in(tokens: &[String]) -> Vec<Vec<String>> {
    let mut paths = uses_in(tokens);
    let mut i = 0;
    while i < tokens.len() {
        let starts_path = matches!(tokens[i].as_str(), "crate" | "self" | "super")
            && tokens.get(i + 1).is_some_and(|t| t == "::")
            && (i == 0 || tokens[i - 1] != "::");
        if tokens[i] == "use" {
            while i < tokens.len() && tokens[i] != ";" {
                i += 1;
            }
        } else if starts_path {
            let mut path = vec![tokens[i].clone()];
            i += 1;
            while tokens.get(i).is_some_and(|t| t == "::")
                && tokens
                    .get(i + 1)
                    .is_some_and(|t| t.chars().all(|c| c.is_alphanumeric() || c == '_'))
            {
                path.push(tokens[i + 1].clone());
                i += 2;
            }
            paths.push(path);
        } else {
            i += 1;
        }
    }
    paths
}

/// The paths `use` items bring in, groups expanded.
fn uses_in(tokens: &[String]) -> Vec<Vec<String>> {
    let mut paths = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i] == "use" {
            let end = (i..tokens.len())
                .find(|&j| tokens[j] == ";")
                .unwrap_or(tokens.len());
            use_tree(&tokens[i + 1..end], &[], &mut paths);
            i = end;
        }
        i += 1;
    }
    paths
}

/// Expands one use tree (`a::{b, c::d as e}`) under `prefix`.
fn use_tree(tokens: &[String], prefix: &[String], out: &mut Vec<Vec<String>>) {
    let mut path = prefix.to_vec();
    let mut i = 0;
    while i < tokens.len() {
        match tokens[i].as_str() {
            "::" => i += 1,
            "{" => {
                let mut depth = 0;
                let mut start = i + 1;
                for j in i..tokens.len() {
                    match tokens[j].as_str() {
                        "{" => depth += 1,
                        "}" => {
                            depth -= 1;
                            if depth == 0 {
                                use_tree(&tokens[start..j], &path, out);
                                return;
                            }
                        }
                        "," if depth == 1 => {
                            use_tree(&tokens[start..j], &path, out);
                            start = j + 1;
                        }
                        _ => {}
                    }
                }
                return;
            }
            "as" | "*" => break,
            token => {
                path.push(token.to_owned());
                i += 1;
            }
        }
    }
    if !path.is_empty() {
        out.push(path);
    }
}

/// Every circle in the graph, each once, as the files in order.
fn circles(graph: &BTreeMap<ModulePath, BTreeSet<ModulePath>>) -> Vec<Vec<ModulePath>> {
    let mut found: BTreeSet<Vec<ModulePath>> = BTreeSet::new();
    for start in graph.keys() {
        let mut stack = vec![(start.clone(), vec![start.clone()])];
        while let Some((node, trail)) = stack.pop() {
            for next in graph.get(&node).into_iter().flatten() {
                if next == start {
                    let mut circle = trail.clone();
                    // One spelling per circle: start at its least file.
                    let least = (0..circle.len())
                        .min_by_key(|&k| circle[k].clone())
                        .unwrap_or(0);
                    circle.rotate_left(least);
                    circle.push(circle[0].clone());
                    found.insert(circle);
                } else if !trail.contains(next) && next > start {
                    let mut longer = trail.clone();
                    longer.push(next.clone());
                    stack.push((next.clone(), longer));
                }
            }
        }
    }
    found.into_iter().collect()
}
