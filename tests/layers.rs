//! The layer order written in the crate docs (src/lib.rs, "## Layers"),
//! checked against the code: every `crate::` path in a module of `src/`
//! names a module at its own layer or below. A path that runs back up
//! fails the test with the file, the line and the two layers.
//!
//! Test modules (`tests.rs`) and the hidden fuzz bodies (`src/fuzzing/`),
//! which exercise every layer, are not layers and are not checked.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// The layers of the crate docs, bottom first.
fn documented_layers(lib: &str) -> Vec<String> {
    let section = lib
        .split("//! ## Layers")
        .nth(1)
        .expect("src/lib.rs has a \"## Layers\" section")
        .split("//! ## ")
        .next()
        .unwrap();
    let mut layers = Vec::new();
    for line in section.lines() {
        let Some(item) = line.strip_prefix("//! ") else {
            continue;
        };
        let Some((number, rest)) = item.split_once(". ") else {
            continue;
        };
        if number.trim().parse::<usize>() != Ok(layers.len() + 1) {
            continue;
        }
        let name: String = rest
            .trim_start_matches(['[', '`'])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        layers.push(name);
    }
    layers
}

/// The items `src/lib.rs` re-exports at the crate root, with their module
/// (`Error` -> `error`).
fn root_reexports(lib: &str) -> BTreeMap<String, String> {
    let mut map = BTreeMap::new();
    let code: String = lib
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    for stmt in code.split(';') {
        let Some(path) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let (module, items) = path.split_once("::").expect("a module path");
        for item in items
            .trim_matches(|c| c == '{' || c == '}' || char::is_whitespace(c))
            .split(',')
        {
            let name = item.trim();
            if !name.is_empty() {
                map.insert(name.to_string(), module.to_string());
            }
        }
    }
    map
}

/// Every `.rs` file below `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level names each `crate::` path on `line` reaches: the first
/// segment, or each name of a `crate::{a, b::c}` group.
fn crate_paths(line: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = line;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let body = group.split('}').next().unwrap_or("");
            // Top-level entries of the group: what precedes each "::" or
            // stands alone, at brace depth 0.
            let mut depth = 0;
            let mut entry = String::new();
            for c in body.chars().chain([',']) {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        let head = entry.split("::").next().unwrap().trim().to_string();
                        if !head.is_empty() {
                            names.push(head);
                        }
                        entry.clear();
                        continue;
                    }
                    _ => {}
                }
                if depth == 0 {
                    entry.push(c);
                }
            }
        } else {
            let head: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            names.push(head);
        }
    }
    names
}

/// Every path in `src/` that runs back up the layer order, as
/// `file:line: layer -> higher layer`.
fn violations(src: &Path) -> Vec<String> {
    let lib = fs::read_to_string(src.join("lib.rs")).unwrap();
    let layers = documented_layers(&lib);
    let rank = |name: &str| layers.iter().position(|l| l == name);
    let reexports = root_reexports(&lib);
    let mut files = Vec::new();
    rust_files(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let rel = file.strip_prefix(src).unwrap();
        let top = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_str()
            .unwrap()
            .trim_end_matches(".rs")
            .to_string();
        if top == "lib" || top == "fuzzing" || rel.file_name().unwrap() == "tests.rs" {
            continue;
        }
        let Some(own) = rank(&top) else {
            found.push(format!(
                "{}: module {top} is not in the documented layers",
                rel.display()
            ));
            continue;
        };
        let text = fs::read_to_string(&file).unwrap();
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap();
            for name in crate_paths(code) {
                let module = reexports.get(&name).cloned().unwrap_or(name.clone());
                match rank(&module) {
                    Some(r) if r <= own => {}
                    Some(_) => found.push(format!(
                        "{}:{}: {top} uses {module} (via crate::{name}), a higher layer",
                        rel.display(),
                        n + 1
                    )),
                    None => found.push(format!(
                        "{}:{}: crate::{name} is no documented layer nor a root re-export",
                        rel.display(),
                        n + 1
                    )),
                }
            }
        }
    }
    found
}

#[test]
fn no_import_runs_back_up_the_layer_order() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = fs::read_to_string(src.join("lib.rs")).unwrap();
    let layers = documented_layers(&lib);
    // The list itself was found, whole and in order.
    assert_eq!(
        layers.first().map(String::as_str),
        Some("wire"),
        "{layers:?}"
    );
    assert!(layers.len() >= 10, "{layers:?}");
    assert!(layers.iter().any(|l| l == "w32time"), "{layers:?}");
    assert_eq!(violations(&src), Vec::<String>::new());
}

/// The checker on a crate of its own making: it finds a path that runs
/// back up, through a module path, a group and a root re-export.
#[test]
fn the_checker_finds_a_violation() {
    let dir = std::env::temp_dir().join(format!("ntp-wire-layers-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(dir.join("low")).unwrap();
    fs::write(
        dir.join("lib.rs"),
        "//! ## Layers\n//!\n//! 1. `low`: below.\n//! 2. [`high`]: above.\n//!\n//! ## Next\nmod low;\nmod high;\npub use high::{Thing, Other};\n",
    )
    .unwrap();
    fs::write(
        dir.join("low/mod.rs"),
        "use crate::high::X; // runs up\nuse crate::{low::Y, Thing};\n// use crate::high::Z; a comment is no import\nfn f() -> crate::Other { todo!() }\n",
    )
    .unwrap();
    fs::write(dir.join("high.rs"), "use crate::low::Y;\n").unwrap();
    let found = violations(&dir);
    let _ = fs::remove_dir_all(&dir);
    assert_eq!(
        found,
        vec![
            "low/mod.rs:1: low uses high (via crate::high), a higher layer",
            "low/mod.rs:2: low uses high (via crate::Thing), a higher layer",
            "low/mod.rs:4: low uses high (via crate::Other), a higher layer",
        ]
    );
}
