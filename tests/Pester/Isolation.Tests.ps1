# The module beside another binary module that carries Microsoft.Extensions.* at another version,
# in either order of loading. Each case runs in a fresh pwsh, since a process can load an
# assembly name only once in its default load context and nothing can be unloaded from it.
# The other modules' assembly sets come from tests/ConflictingModules, published by build.ps1.
BeforeAll {
    # Windows PowerShell 5.1 runs on .NET Framework, which has no AssemblyLoadContext: there the
    # engine's dependencies load through AssemblyResolve into the one AppDomain, so the side-by-side
    # loading these cases prove is PowerShell 7's alone. Importing again after Remove-Module
    # applies to both.
    $script:NoLoadContexts = if ($PSVersionTable.PSEdition -eq 'Desktop') { 'Windows PowerShell 5.1 (.NET Framework) has no AssemblyLoadContext, so there is no private load context to keep another module''s Microsoft.Extensions.* apart' }
    Import-Module (Join-Path $PSScriptRoot '../../tools/PowerShellHost.psm1') -Force
    # These tests pin the seed's contract (API 1.3.7, /access-tokens); today's API has tests of its own.
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite -ApiVersion '1.3.7' -NoConnection
    # The child processes find the API token where a user's session would; Exit-TestSuite gives the variable back.
    $env:LOSANT_API_TOKEN = $script:Emulator.ApiToken

    $script:ModulePath = $env:ACCESSTOKEN_TEST_MODULE
    $script:ModuleDependencies = Join-Path (Split-Path $script:ModulePath -Parent) 'Dependencies'
    $script:ConflictingModules = Join-Path $PSScriptRoot '../../out/conflicting-modules'
    $script:Scenario = Join-Path $PSScriptRoot '../ConflictingModules/Invoke-ConflictScenario.ps1'

    function Invoke-FreshPwsh {
        # Runs a fresh PowerShell of this edition with the given arguments and returns the JSON object it printed last.
        $output = Invoke-PowerShell -NoProfile -NonInteractive @args 2>&1
        $exitCode = $LASTEXITCODE
        $text = ($output | ForEach-Object { "$_" }) -join "`n"
        $exitCode | Should -Be 0 -Because "the child pwsh printed: $text"
        $output | Select-Object -Last 1 | ForEach-Object { "$_" } | ConvertFrom-Json
    }

    function Invoke-ConflictScenario([string] $Other, [string] $Order) {
        $steps = @(Invoke-FreshPwsh -File $script:Scenario -ModulePath $script:ModulePath `
                -OtherModule (Join-Path $script:ConflictingModules $Other) -Order $Order -BaseUri $script:Emulator.Url)
        $errors = @($steps | Where-Object Error | ForEach-Object { "$($_.Step): $($_.Error)" })
        $errors -join "`n" | Should -BeNullOrEmpty
        $steps
    }

    function Get-HttpAssembly($Step, [string] $Context) {
        @($Step.Loaded | Where-Object { $_.Name -eq 'Microsoft.Extensions.Http' -and $_.Context -eq $Context })
    }

    function Assert-SideBySide($Step, [string] $OtherVersion) {
        # The other module owns the names in the default context; the module's own copies live
        # in its private context, loaded from its Dependencies folder.
        $default = Get-HttpAssembly $Step 'Default'
        @($default.Version) -join ', ' | Should -Be $OtherVersion
        $private = Get-HttpAssembly $Step 'Losant.AccessTokens.Infrastructure.DependencyLoadContext'
        $private.Count | Should -Be 1
        ([version]$private[0].Version).Major | Should -Be 8
        Split-Path $private[0].Location -Parent | Should -Be $script:ModuleDependencies
        @($Step.Loaded | Where-Object { $_.Context -eq 'Default' -and $_.Location -and (Split-Path $_.Location -Parent) -eq $script:ModuleDependencies }) |
            Should -BeNullOrEmpty -Because 'nothing from Dependencies may claim a name in the default load context'
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'Beside a module built on Microsoft.Extensions.* <Label>' -ForEach @(
    @{ Label = '6.0 (older than the engine''s 8.0)'; Other = 'Older'; OtherVersion = '6.0.0.0' }
    @{ Label = '10.0 (newer than the engine''s 8.0)'; Other = 'Newer'; OtherVersion = '10.0.0.0' }
) {
    BeforeEach { if ($script:NoLoadContexts) { Set-ItResult -Skipped -Because $script:NoLoadContexts } }

    It 'Other_module_loaded_first_keeps_working_and_the_module_still_lists_tokens (<Other>)' {
        $steps = Invoke-ConflictScenario $Other 'OtherFirst'

        $steps.Step -join ', ' | Should -Be 'Other, Module, Other'
        $steps[0].HttpVersion | Should -Be $OtherVersion
        $steps[0].Status | Should -Be 200
        $steps[1].TokenCount | Should -Be 5
        $steps[2].HttpVersion | Should -Be $OtherVersion
        $steps[2].Status | Should -Be 200
        Assert-SideBySide $steps[2] $OtherVersion
    }

    It 'Module_imported_first_leaves_the_names_free_so_the_other_module_loads_and_both_keep_working (<Other>)' {
        $steps = Invoke-ConflictScenario $Other 'ModuleFirst'

        $steps.Step -join ', ' | Should -Be 'Module, Other, Module'
        $steps[0].TokenCount | Should -Be 5
        @($steps[0].Loaded | Where-Object { $_.Context -eq 'Default' -and $_.Name -like 'Microsoft.Extensions.*' }) |
            Should -BeNullOrEmpty -Because 'the module must not bind Microsoft.Extensions.* in the default load context'
        (Get-HttpAssembly $steps[0] 'Losant.AccessTokens.Infrastructure.DependencyLoadContext').Count | Should -Be 1
        $steps[1].HttpVersion | Should -Be $OtherVersion
        $steps[1].Status | Should -Be 200
        $steps[2].TokenCount | Should -Be 5
        Assert-SideBySide $steps[2] $OtherVersion
    }
}

Describe 'Module load context' {
    It 'Module_imported_again_after_Remove_Module_still_lists_tokens' {
        $command = "`$ErrorActionPreference = 'Stop'
            Import-Module '$script:ModulePath'
            Remove-Module AccessToken
            Import-Module '$script:ModulePath'
            @{ TokenCount = @(Get-AccessToken -BaseUri '$($script:Emulator.Url)').Count } | ConvertTo-Json -Compress"
        $result = Invoke-FreshPwsh -Command $command

        $result.TokenCount | Should -Be 5
    }
}
