# The Pester suites run in Windows PowerShell 5.1 too (the CI job on Windows), and a script that
# Windows PowerShell cannot parse runs nothing there. Every test script is checked for what 5.1
# lacks, here in PowerShell 7 as in 5.1: syntax its parser rejects, cmdlet parameters and
# commands it does not have, and .NET members that .NET Framework lacks.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot '../WindowsPowerShellCompatibility.psm1') -Force
    Import-Module (Join-Path $PSScriptRoot '../../tools/PowerShellHost.psm1') -Force
    $script:TestRoot = (Resolve-Path (Join-Path $PSScriptRoot '..')).Path
    # Everything under tests/, and the one tool the tests import.
    $script:Scripts = @(Get-ChildItem $script:TestRoot -Recurse -File -Include '*.ps1', '*.psm1' |
            Where-Object { $_.FullName -notmatch '[\\/](node_modules|bin|obj)[\\/]' }) +
        @(Get-Item (Join-Path $PSScriptRoot '../../tools/PowerShellHost.psm1'))

    # A suite that cannot apply to Windows PowerShell 5.1 says so, with the reason, in its BeforeAll;
    # the rest of it may use what only PowerShell 7 has, as long as 5.1 can parse it.
    function Test-SuiteSkippedOnDesktop([string] $Path) {
        (Get-Content $Path -Raw) -match "(?s)BeforeAll \{\s*if \(\`$PSVersionTable\.PSEdition -eq 'Desktop'\) \{.*?\`$script:NotApplicable = '[^']{20,}'"
    }

    function Format-Gap($Gaps) {
        ($Gaps | ForEach-Object { "$([System.IO.Path]::GetFileName($_.File)):$($_.Line) $($_.Construct)" }) -join "`n"
    }
}

Describe 'The test scripts in Windows PowerShell 5.1' {
    It 'Are_all_found' {
        $names = $Scripts | ForEach-Object Name
        $names | Should -Contain 'Invoke-PesterSuite.ps1'
        $names | Should -Contain 'EmulatorControl.psm1'
        $names | Should -Contain 'Get-AccessToken.Api137.Tests.ps1'
        $names | Should -Contain 'TestSuite.psm1'
        $names | Should -Contain 'PowerShellHost.psm1'
    }

    It 'Hold_only_syntax_that_Windows_PowerShell_5_1_parses' {
        $gaps = @($Scripts | Find-WindowsPowerShellGap | Where-Object IsSyntax)
        Format-Gap $gaps | Should -BeNullOrEmpty
    }

    It 'Use_only_commands_parameters_and_NET_members_that_5_1_has_except_in_suites_that_say_why_they_do_not_apply' {
        $gaps = @($Scripts | Where-Object { -not (Test-SuiteSkippedOnDesktop $_.FullName) } | Find-WindowsPowerShellGap | Where-Object { -not $_.IsSyntax })
        Format-Gap $gaps | Should -BeNullOrEmpty
    }

    It 'Knows_which_suites_say_they_do_not_apply' {
        # The suites that cannot apply, and nothing else passed over in silence.
        $skipped = @($Scripts | Where-Object { Test-SuiteSkippedOnDesktop $_.FullName } | ForEach-Object Name | Sort-Object)
        $skipped | Should -Be @('Package.Tests.ps1', 'Proxy.Tests.ps1', 'Workflows.Tests.ps1')
    }
}

Describe 'The cmdlet assembly before its engine can be found' {
    It 'Loads_every_one_of_its_types_without_the_engine_or_its_dependencies' {
        # Windows PowerShell 5.1 may load every type of AccessToken.dll while it imports it, before
        # the module's AssemblyResolve handler exists and while AccessToken.Core.dll is out of
        # sight in Dependencies: no type may then need the engine to load. Here the assembly is
        # loaded alone into a load context of its own that cannot find the engine.
        if ($PSVersionTable.PSEdition -eq 'Desktop') {
            Set-ItResult -Skipped -Because 'Windows PowerShell 5.1 has no AssemblyLoadContext to load the assembly alone in; there every suite''s Import-Module is the test'
            return
        }
        # In a fresh process: in this one an earlier suite's import may have registered the
        # module's own resolver, which would find the engine.
        $assemblyPath = Join-Path (Split-Path $env:ACCESSTOKEN_TEST_MODULE) 'AccessToken.dll'
        $probe = Invoke-PowerShell -NoProfile -NonInteractive -Command {
            param($AssemblyPath)
            $context = [System.Runtime.Loader.AssemblyLoadContext]::new('AccessToken without its engine', $true)
            $assembly = $context.LoadFromAssemblyPath($AssemblyPath)
            $failures = @()
            try { $types = $assembly.GetTypes() }
            catch [System.Reflection.ReflectionTypeLoadException] {
                $failures = @($_.Exception.LoaderExceptions | ForEach-Object Message | Select-Object -Unique)
                $types = @($_.Exception.Types | Where-Object { $_ })
            }
            [pscustomobject]@{
                Failures  = $failures -join "`n"
                TypeCount = @($types).Count
                Loaded    = @([AppDomain]::CurrentDomain.GetAssemblies() | ForEach-Object { $_.GetName().Name })
            }
        } -args $assemblyPath
        $LASTEXITCODE | Should -Be 0
        $probe.Failures | Should -BeNullOrEmpty
        $probe.TypeCount | Should -BeGreaterThan 20
        $probe.Loaded | Should -Not -Contain 'AccessToken.Core'
    }
}

Describe 'A fresh PowerShell for the tests' {
    It 'Is_this_edition_and_version_and_brings_objects_back' {
        $child = Invoke-PowerShell -NoProfile -NonInteractive -Command {
            param($Word)
            [pscustomobject]@{ Edition = $PSVersionTable.PSEdition; Version = $PSVersionTable.PSVersion.ToString(); Word = $Word; Process = $PID }
        } -args 'hello'
        $LASTEXITCODE | Should -Be 0
        $child.Edition | Should -Be $PSVersionTable.PSEdition
        $child.Version | Should -Be $PSVersionTable.PSVersion.ToString()
        $child.Word | Should -Be 'hello'
        $child.Process | Should -Not -Be $PID
    }

    It 'Reports_the_exit_code_of_the_child' {
        $null = Invoke-PowerShell -NoProfile -NonInteractive -Command 'exit 7'
        $LASTEXITCODE | Should -Be 7
    }
}

Describe 'The check for what Windows PowerShell 5.1 lacks' {
    It 'Finds <Construct>' -ForEach @(
        @{ Construct = 'the ternary operator'; Source = '$a = $b ? 1 : 2'; Syntax = $true }
        @{ Construct = 'a pipeline chain'; Source = 'dotnet build && dotnet test'; Syntax = $true }
        @{ Construct = 'the null-coalescing operator'; Source = '$a = $b ?? 3'; Syntax = $true }
        @{ Construct = 'the assignment ??='; Source = '$a ??= 3'; Syntax = $true }
        @{ Construct = 'a null-conditional member access'; Source = '${a}?.Length'; Syntax = $true }
        @{ Construct = 'a clean block'; Source = 'function f { process { 1 } clean { 2 } }'; Syntax = $true }
        @{ Construct = 'a syntax error'; Source = 'if ($a { }'; Syntax = $true }
        @{ Construct = '$IsWindows'; Source = 'if ($IsWindows) { 1 }'; Syntax = $false }
        @{ Construct = 'ConvertFrom-Json -AsHashtable'; Source = '$text | ConvertFrom-Json -AsHashtable'; Syntax = $false }
        @{ Construct = 'a shortened -AsHashtable'; Source = '$text | ConvertFrom-Json -AsHash'; Syntax = $false }
        @{ Construct = '-SkipCertificateCheck'; Source = 'irm https://127.0.0.1 -SkipCertificateCheck'; Syntax = $false }
        @{ Construct = 'a splatted -SkipCertificateCheck'; Source = '$call = @{ Uri = $u; SkipCertificateCheck = $true }; Invoke-RestMethod @call'; Syntax = $false }
        @{ Construct = 'ForEach-Object -Parallel'; Source = '1..3 | ForEach-Object -Parallel { $_ }'; Syntax = $false }
        @{ Construct = 'Join-Path with three paths'; Source = 'Join-Path $a b c'; Syntax = $false }
        @{ Construct = 'Test-Json'; Source = 'Test-Json $text'; Syntax = $false }
        @{ Construct = '-Encoding utf8NoBOM'; Source = 'Set-Content $p $v -Encoding utf8NoBOM'; Syntax = $false }
        @{ Construct = 'ProcessStartInfo.ArgumentList'; Source = '$start.ArgumentList.Add("x")'; Syntax = $false }
        @{ Construct = 'X509Certificate2::CreateFromPem'; Source = '[System.Security.Cryptography.X509Certificates.X509Certificate2]::CreateFromPem($pem)'; Syntax = $false }
    ) {
        $gaps = @(Find-WindowsPowerShellGap -Source $Source)
        $gaps.Count | Should -BeGreaterThan 0 -Because "'$Source' does not run in Windows PowerShell 5.1"
        ($gaps | Where-Object IsSyntax).Count -gt 0 | Should -Be $Syntax
    }

    It 'Finds_non_ASCII_text_only_in_a_file_without_a_byte_order_mark' {
        $text = "`$name = 'Caf$([char]0xE9)'"
        $plain = Join-Path $TestDrive 'plain.ps1'
        $marked = Join-Path $TestDrive 'marked.ps1'
        [System.IO.File]::WriteAllText($plain, $text, [System.Text.UTF8Encoding]::new($false))
        [System.IO.File]::WriteAllText($marked, $text, [System.Text.UTF8Encoding]::new($true))

        $gaps = @(Find-WindowsPowerShellGap -Path $plain)
        $gaps.Count | Should -Be 1
        $gaps[0].IsSyntax | Should -BeTrue
        @(Find-WindowsPowerShellGap -Path $marked).Count | Should -Be 0
    }

    It 'Passes_what_Windows_PowerShell_5_1_runs' {
        $source = @'
$call = @{ Method = 'Get'; Uri = $uri }
$items = Invoke-RestMethod @call | ConvertTo-Json -Depth 5 -Compress | ConvertFrom-Json
$path = Join-Path (Join-Path $root 'a') 'b'
$value = if ($b) { 1 } else { 2 }
[System.Diagnostics.ProcessStartInfo]::new('dotnet', '"a b"').Arguments
'@
        Format-Gap @(Find-WindowsPowerShellGap -Source $source) | Should -BeNullOrEmpty
    }

    It 'Passes_commands_only_in_a_PowerShell_7_branch_but_never_its_syntax' {
        $guarded = "if (`$PSVersionTable.PSEdition -eq 'Core') { `$text | ConvertFrom-Json -AsHashtable; irm `$u -SkipCertificateCheck }"
        Format-Gap @(Find-WindowsPowerShellGap -Source $guarded) | Should -BeNullOrEmpty
        $elsewhere = "if (`$PSVersionTable.PSEdition -eq 'Desktop') { `$text | ConvertFrom-Json -AsHashtable }"
        @(Find-WindowsPowerShellGap -Source $elsewhere).Count | Should -Be 1
        $syntax = "if (`$PSVersionTable.PSEdition -eq 'Core') { `$a = `$b ? 1 : 2 }"
        @(Find-WindowsPowerShellGap -Source $syntax | Where-Object IsSyntax).Count | Should -BeGreaterThan 0
    }
}
