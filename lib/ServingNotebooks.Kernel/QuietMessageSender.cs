using Microsoft.DotNet.Interactive.Jupyter;
using Microsoft.DotNet.Interactive.Jupyter.Protocol;

namespace ServingNotebooks.Kernel;

/// <summary>
/// Passes the kernel's messages to Jupyter, except a display whose every value is empty text: it would show nothing, yet
/// Jupyter saves it as an output of the cell (notebooks/setup.dib formats the package list of <c>#r "nuget: …"</c> and
/// the "Loading extensions from …" line as empty text, so without this the setup cell saves two empty outputs).
/// </summary>
/// <param name="inner">The sender the Jupyter protocol's <c>Shell</c> made for the request.</param>
internal sealed class QuietMessageSender(IJupyterMessageResponseSender inner) : IJupyterMessageResponseSender
{
    /// <inheritdoc/>
    public void Send(PubSubMessage message)
    {
        if (message is DisplayData { Data: { Count: > 0 } data } && data.Values.All(v => v is string { Length: 0 }))
        {
            return;
        }

        inner.Send(message);
    }

    /// <inheritdoc/>
    public void Send(ReplyMessage message) => inner.Send(message);

    /// <inheritdoc/>
    public string Send(InputRequest message) => inner.Send(message);
}
