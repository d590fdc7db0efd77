#Requires -Version 7.2
<#
.SYNOPSIS
    Builds, tests, demonstrates, packages and benchmarks the AccessToken module.
.DESCRIPTION
    Run it with the pinned PowerShell: dotnet tool restore && dotnet pwsh ./build.ps1 -Task <name>
    Tasks:
      Build    the importable module at out/AccessToken (cmdlet assembly, manifest, formats, help,
               and the engine with its dependencies in out/AccessToken/Dependencies)
      Test     Build, then xUnit and Pester; prints 'N passed, N failed' and fails on any failure
      TestSetup  Build, then restore what the tests use (Pester, the workflow validator, the
               other modules of the isolation tests), as Test does before it runs them; for
               running tests/Invoke-PesterSuite.ps1 in another PowerShell, such as Windows
               PowerShell 5.1
      Demo     Build, start the emulator and walk through a short session
      Package  Build, then write out/AccessToken.<version>.nupkg as the PowerShell Gallery expects
      Bench    Build, then measure speed and memory; writes out/bench/results.md and results.json
      Clean    remove out/, .packages/ and every bin/ and obj/
.PARAMETER Task
    What to do.
.PARAMETER Configuration
    The .NET build configuration.
.PARAMETER TestFilter
    Runs only the Pester test files whose name matches this wildcard (Test task).
.PARAMETER TestWorkers
    How many PowerShell processes run the Pester suites at once (Test task). Most suites wait on
    the emulator rather than the processor, so three keep even a machine with two cores busy.
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'TestSetup', 'Demo', 'Package', 'Bench', 'Clean')]
    [string] $Task = 'Build',
    [ValidateSet('Release', 'Debug')]
    [string] $Configuration = 'Release',
    [string] $TestFilter = '*',
    [ValidateRange(1, 16)]
    [int] $TestWorkers = 3
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version 3.0
$env:POWERSHELL_TELEMETRY_OPTOUT = '1'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

$Root = $PSScriptRoot
$Out = Join-Path $Root 'out'
$ModuleOut = Join-Path $Out 'AccessToken'
$Packages = Join-Path $Root '.packages'
# Invoke-PowerShell: a fresh pwsh of this version, on any platform (the dotnet tool's own apphost is Linux x64's).
Import-Module (Join-Path $Root 'tools/PowerShellHost.psm1') -Force

function Invoke-Native {
    # Runs a native command and stops the build when it fails. A plain function, so that
    # arguments such as '-c' pass through untouched instead of binding to its own parameters.
    $command, $arguments = $args
    & $command @arguments
    if ($LASTEXITCODE -ne 0) { throw "'$command $($arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

function Invoke-Build {
    Write-Host '==> Build' -ForegroundColor Cyan
    Invoke-Native dotnet build (Join-Path $Root 'AccessTokens.sln') -c $Configuration --nologo -v minimal

    # The engine and its dependencies: publish copies the package assemblies a plain build leaves out.
    $enginePublish = Join-Path $Out 'publish/AccessToken.Core'
    Invoke-Native dotnet publish (Join-Path $Root 'src/AccessToken.Core/AccessToken.Core.csproj') -c $Configuration -o $enginePublish --nologo -v minimal

    if (Test-Path $ModuleOut) { Remove-Item $ModuleOut -Recurse -Force }
    $dependencies = New-Item -ItemType Directory -Force (Join-Path $ModuleOut 'Dependencies')
    Copy-Item (Join-Path $Root "src/AccessToken/bin/$Configuration/netstandard2.0/AccessToken.dll") $ModuleOut
    Copy-Item (Join-Path $Root 'AccessToken.psd1') $ModuleOut
    # The MIT licence asks for its text to travel with every copy of the module.
    Copy-Item (Join-Path $Root 'LICENSE') $ModuleOut
    Copy-Item (Join-Path $Root 'module/*') $ModuleOut -Recurse
    # Only run-time assemblies: no PDBs, no deps.json, and never PowerShell's own reference assembly.
    Get-ChildItem $enginePublish -Filter *.dll |
        Where-Object Name -NE 'System.Management.Automation.dll' |
        Copy-Item -Destination $dependencies

    # A module without its help is not a build: a missing help builder fails here like any other step.
    & (Join-Path $Root 'tools/Build-Help.ps1') -SourcePath (Join-Path $Root 'module/help') `
        -ManifestPath (Join-Path $ModuleOut 'AccessToken.psd1') -OutputPath (Join-Path $ModuleOut 'en-US')
    if (Test-Path (Join-Path $ModuleOut 'help')) { Remove-Item (Join-Path $ModuleOut 'help') -Recurse -Force }
    Write-Host "Module: $ModuleOut/AccessToken.psd1"
}

function Restore-TestDependencies {
    Invoke-Native dotnet restore (Join-Path $Root 'tests/TestDependencies/TestDependencies.csproj') --nologo -v minimal
    # The GitHub Actions workflow validator and a YAML reader, exactly as package-lock.json pins them.
    Invoke-Native npm ci --prefix (Join-Path $Root 'tests/Workflows') --no-audit --no-fund --loglevel error
    Publish-ConflictingModules
}

function Publish-ConflictingModules {
    # The assembly sets of other modules that the isolation tests load beside this one, each in
    # out/conflicting-modules/<project>. Published again only when its project files change.
    $source = Join-Path $Root 'tests/ConflictingModules'
    $shared = Get-Item (Join-Path $source 'Directory.Build.props')
    foreach ($project in Get-ChildItem $source -Filter *.csproj -Recurse) {
        $target = Join-Path $Out "conflicting-modules/$($project.BaseName)"
        $stamp = Join-Path $target '.published'
        $changed = @($project.LastWriteTimeUtc, $shared.LastWriteTimeUtc) | Sort-Object | Select-Object -Last 1
        if ((Test-Path $stamp) -and [IO.File]::GetLastWriteTimeUtc($stamp) -ge $changed) { continue }
        if (Test-Path $target) { Remove-Item $target -Recurse -Force }
        Invoke-Native dotnet publish $project.FullName -c $Configuration -o $target --nologo -v minimal
        New-Item -ItemType File -Force $stamp | Out-Null
    }
}

function Get-PesterModulePath {
    Join-Path $Packages 'pester/5.7.1/tools/Pester.psd1'
}

function Invoke-TestSetup {
    Invoke-Build
    Restore-TestDependencies
}

function Invoke-Test {
    Invoke-TestSetup
    $results = Join-Path $Out 'test-results'
    New-Item -ItemType Directory -Force $results | Out-Null

    Write-Host '==> xUnit' -ForegroundColor Cyan
    $trx = Join-Path $results 'xunit.trx'
    if (Test-Path $trx) { Remove-Item $trx }
    & dotnet test (Join-Path $Root 'tests/AccessToken.Tests/AccessToken.Tests.csproj') -c $Configuration --no-build --nologo `
        --logger "trx;LogFileName=$trx" --logger 'console;verbosity=normal'
    $xunitPassed = 0; $xunitFailed = 0
    if (Test-Path $trx) {
        $counters = ([xml](Get-Content $trx -Raw)).TestRun.ResultSummary.Counters
        $xunitPassed = [int]$counters.passed
        $xunitFailed = [int]$counters.failed + [int]$counters.error + [int]$counters.timeout + [int]$counters.aborted
    }
    elseif ($LASTEXITCODE -ne 0) {
        $xunitFailed = 1
    }
    Write-Host "xUnit: $xunitPassed passed, $xunitFailed failed"

    Write-Host '==> Pester' -ForegroundColor Cyan
    # Pester runs in a child pwsh so the module under test loads in a process of its own.
    $pesterSummary = Join-Path $results 'pester.json'
    if (Test-Path $pesterSummary) { Remove-Item $pesterSummary }
    # The filter travels in the environment: pwsh would expand a wildcard given as a native argument.
    $env:ACCESSTOKEN_TEST_FILTER = $TestFilter
    Invoke-PowerShell -NoProfile -NonInteractive -File (Join-Path $Root 'tests/Invoke-PesterSuite.ps1') `
        -PesterPath (Get-PesterModulePath) -ModulePath (Join-Path $ModuleOut 'AccessToken.psd1') -SummaryPath $pesterSummary -Workers $TestWorkers
    $pesterPassed = 0; $pesterFailed = 1
    if (Test-Path $pesterSummary) {
        $summary = Get-Content $pesterSummary -Raw | ConvertFrom-Json
        $pesterPassed = [int]$summary.Passed
        $pesterFailed = [int]$summary.Failed
    }
    Write-Host "Pester: $pesterPassed passed, $pesterFailed failed"

    $passed = $xunitPassed + $pesterPassed
    $failed = $xunitFailed + $pesterFailed
    if ($passed -eq 0) { $failed = [Math]::Max($failed, 1) }
    Write-Host "$passed passed, $failed failed"
    if ($failed -gt 0) { exit 1 }
}

function Invoke-Demo {
    Invoke-Build
    Invoke-PowerShell -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Show-Demo.ps1') -ModulePath (Join-Path $ModuleOut 'AccessToken.psd1')
    if ($LASTEXITCODE -ne 0) { throw "The demo failed with exit code $LASTEXITCODE." }
}

function Invoke-Package {
    Invoke-Build
    & (Join-Path $Root 'tools/New-ModulePackage.ps1') -ModulePath $ModuleOut -OutputPath $Out
}

function Invoke-Bench {
    Invoke-Build
    Invoke-PowerShell -NoProfile -NonInteractive -File (Join-Path $Root 'tools/Measure-Module.ps1') -ModulePath (Join-Path $ModuleOut 'AccessToken.psd1') -OutputPath (Join-Path $Out 'bench')
    if ($LASTEXITCODE -ne 0) { throw "The benchmark failed with exit code $LASTEXITCODE." }
}

function Invoke-Clean {
    foreach ($path in @($Out, $Packages, (Join-Path $Root 'tests/Workflows/node_modules'))) { if (Test-Path $path) { Remove-Item $path -Recurse -Force } }
    Get-ChildItem (Join-Path $Root 'src'), (Join-Path $Root 'tests') -Directory -Recurse -Include bin, obj |
        Remove-Item -Recurse -Force
}

switch ($Task) {
    'Build' { Invoke-Build }
    'Test' { Invoke-Test }
    'TestSetup' { Invoke-TestSetup }
    'Demo' { Invoke-Demo }
    'Package' { Invoke-Package }
    'Bench' { Invoke-Bench }
    'Clean' { Invoke-Clean }
}
