/** C#: Microsoft.ML.OnnxRuntime + SixLabors.ImageSharp. */
import { PACKAGES, type GeneratedProgram, type ProgramPlan } from '../program-plan.js';

function printing(plan: ProgramPlan): string {
  if (plan.topK) {
    return String.raw`    var scores = results.First(r => r.Name == "${plan.topK.scores}").AsTensor<float>();
    var indices = results.First(r => r.Name == "${plan.topK.indices}").AsTensor<long>();
    Console.WriteLine(path);
    for (int rank = 0; rank < scores.Dimensions[1]; rank++)
    {
        long index = indices[0, rank];
        string name = index < names.Length ? names[index] : "-";
        Console.WriteLine(FormattableString.Invariant($"  {rank + 1}. {index} {name} {scores[0, rank]:F6}"));
    }`;
  }
  return String.raw`    Console.WriteLine(path);
    foreach (var output in results)
    {
        if (output.ElementType != TensorElementType.Float)
        {
            Console.WriteLine($"  {output.Name} type {output.ElementType}");
            continue;
        }
        var values = output.AsEnumerable<float>().ToArray();
        var shape = string.Join(", ", output.AsTensor<float>().Dimensions.ToArray());
        int argmax = Array.IndexOf(values, values.Max());
        Console.WriteLine(FormattableString.Invariant(
            $"  {output.Name} shape [{shape}] min {values.Min():F6} max {values.Max():F6} mean {values.Average():F6} argmax {argmax}"));
    }`;
}

export function csharpProgram(plan: ProgramPlan): GeneratedProgram {
  const program = String.raw`// Runs an image model bundled by Parity: the preprocessing is inside the model, so a program only decodes the
// image to RGB bytes and hands them over as uint8 [1, height, width, 3].
using System.Text.Json;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

if (args.Length < 2)
{
    Console.Error.WriteLine("usage: dotnet run -- <model.onnx> <image> [<image> ...]");
    return 2;
}
using var session = new InferenceSession(args[0]);
string[] names = session.ModelMetadata.CustomMetadataMap.TryGetValue("${plan.classNamesKey}", out var json)
    ? JsonSerializer.Deserialize<string[]>(json) ?? Array.Empty<string>()
    : Array.Empty<string>();
foreach (var path in args.Skip(1))
{
    using var image = Image.Load<Rgb24>(path);
    image.Mutate(x => x.AutoOrient());
    var input = new DenseTensor<byte>(new[] { 1, image.Height, image.Width, 3 });
    image.ProcessPixelRows(rows =>
    {
        for (int y = 0; y < rows.Height; y++)
        {
            var row = rows.GetRowSpan(y);
            for (int x = 0; x < row.Length; x++)
            {
                input[0, y, x, 0] = row[x].R;
                input[0, y, x, 1] = row[x].G;
                input[0, y, x, 2] = row[x].B;
            }
        }
    });
    using var results = session.Run(new[] { NamedOnnxValue.CreateFromTensor("${plan.input}", input) });
${printing(plan)}
}
return 0;
`;
  const csproj = `<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <OutputType>Exe</OutputType>
    <TargetFramework>net8.0</TargetFramework>
    <ImplicitUsings>enable</ImplicitUsings>
    <Nullable>enable</Nullable>
  </PropertyGroup>
  <ItemGroup>
    <PackageReference Include="Microsoft.ML.OnnxRuntime" Version="${PACKAGES.csharpOnnxruntime}" />
    <!-- ImageSharp 3 and newer need a paid licence for larger companies; 2.1 is Apache-2.0. -->
    <PackageReference Include="SixLabors.ImageSharp" Version="${PACKAGES.imageSharp}" />
  </ItemGroup>
</Project>
`;
  return {
    language: 'csharp',
    files: { 'Program.cs': program, 'RunBundle.csproj': csproj },
    run: `dotnet run -c Release -- ../../${plan.bundleFile} image.jpg`,
  };
}
