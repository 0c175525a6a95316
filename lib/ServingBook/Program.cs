System.Console.WriteLine("servingbook");
