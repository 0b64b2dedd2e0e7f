//! The `knn` binary: everything it does lives in the library (`knn::main`).

fn main() -> std::process::ExitCode {
    knn::main()
}
