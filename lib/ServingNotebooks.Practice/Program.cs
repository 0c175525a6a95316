using ServingNotebooks.Practice;

// A student's Classroom step: `dotnet run --project lib/ServingNotebooks.Practice --no-build -- --exercise 4`.
return await PracticeCommand.Create(Console.Out, Environment.GetEnvironmentVariable).Parse(args).InvokeAsync();
