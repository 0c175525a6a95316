using ServingNotebooks.Kernel;

// Jupyter starts this program as the kernel.json of the workbook's .NET (C#) kernel says: `servingnotebooks-kernel {connection_file}`.
return await JupyterKernelHost.RunAsync(args, Console.Error).ConfigureAwait(false);
