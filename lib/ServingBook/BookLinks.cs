namespace ServingBook;

/// <summary>
/// Where a rendered page points outside the site: the notebook's source on GitHub and "Open in Codespaces". Both need the
/// repository's <c>owner/name</c>; without one the pages have no outside links (the book still builds).
/// </summary>
/// <param name="Repository">The GitHub repository, <c>owner/name</c>, or null.</param>
/// <param name="Branch">The branch the source links show.</param>
public sealed record BookLinks(string? Repository, string Branch = "main")
{
    /// <summary>The dev container the Codespaces link opens.</summary>
    public const string DevContainerPath = ".devcontainer/devcontainer.json";

    /// <summary>
    /// The repository from GitHub Actions' <c>GITHUB_REPOSITORY</c> (set in the pages workflow), and the branch from
    /// <c>GITHUB_REF_NAME</c> when it is a branch; null repository elsewhere.
    /// </summary>
    public static BookLinks FromEnvironment(string? repository)
    {
        var name = repository ?? Environment.GetEnvironmentVariable("GITHUB_REPOSITORY");
        var branch = Environment.GetEnvironmentVariable("GITHUB_REF_TYPE") == "branch"
            ? Environment.GetEnvironmentVariable("GITHUB_REF_NAME")
            : null;
        return new BookLinks(string.IsNullOrWhiteSpace(name) ? null : name.Trim(), string.IsNullOrWhiteSpace(branch) ? "main" : branch);
    }

    /// <summary>True for <c>owner/name</c> as GitHub spells them (letters, digits, <c>-</c>, <c>_</c>, <c>.</c>).</summary>
    /// <param name="repository">The text to check.</param>
    public static bool IsRepositoryName(string repository) =>
        repository.Split('/') is [var owner, var name]
        && owner.Length is > 0 and <= 39 && name.Length is > 0 and <= 100
        && owner.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')
        && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');

    /// <summary>The notebook's source on GitHub (<c>https://github.com/owner/name/blob/branch/notebooks/file</c>), or null.</summary>
    /// <param name="notebook">The notebook's file name.</param>
    public string? Source(string notebook) =>
        Repository is null ? null : $"https://github.com/{Repository}/blob/{Uri.EscapeDataString(Branch)}/{NotebookFiles.NotebooksFolder}/{Uri.EscapeDataString(notebook)}";

    /// <summary>
    /// A link that creates a codespace from the repository's dev container, or reopens the learner's existing one
    /// (<c>https://codespaces.new/owner/name?quickstart=1</c>: GitHub Docs, "Facilitating quick creation and resumption
    /// of codespaces"); null without a repository.
    /// </summary>
    public string? Codespaces =>
        Repository is null ? null : $"https://codespaces.new/{Repository}?quickstart=1&devcontainer_path={Uri.EscapeDataString(DevContainerPath)}";
}
