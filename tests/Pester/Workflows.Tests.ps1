# The GitHub Actions workflows: valid against the Actions schema (so a workflow that cannot run
# is caught before it is pushed), the Linux job running exactly the README's test command, every
# job keeping its test results, and the release stopping where it must.
BeforeAll {
    if ($PSVersionTable.PSEdition -eq 'Desktop') {
        # Nothing here touches the module: these are checks of repository files, run by every
        # PowerShell 7 job, and the release script they check runs in PowerShell 7 only.
        $script:NotApplicable = 'the workflow files and the release script are checked by the PowerShell 7 jobs; nothing here runs the module'
        return
    }
    $script:NotApplicable = $null
    $script:Root = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path
    $script:Tools = Join-Path $script:Root 'tests/Workflows'
    $script:Validator = Join-Path $script:Tools 'node_modules/@action-validator/cli/cli.mjs'
    $script:Workflows = @{
        CI      = Join-Path $script:Root '.github/workflows/ci.yml'
        Release = Join-Path $script:Root '.github/workflows/release.yml'
    }
    if (-not (Test-Path $script:Validator)) { throw "The workflow validator is not installed at $script:Validator: build.ps1 -Task Test installs it (npm ci in tests/Workflows)." }

    function Invoke-WorkflowValidator([string] $Path) {
        # node itself, not the npm shim, so the same call works on every platform.
        $output = & node $script:Validator $Path 2>&1
        [pscustomobject]@{ ExitCode = $LASTEXITCODE; Output = ($output | ForEach-Object { "$_" }) -join "`n" }
    }

    function Read-Workflow([string] $Path) {
        $json = & node (Join-Path $script:Tools 'ConvertFrom-Workflow.mjs') $Path
        if ($LASTEXITCODE -ne 0) { throw "Could not read $Path as YAML." }
        $json | ConvertFrom-Json -AsHashtable
    }

    function Get-ReadmeTestCommand {
        # The code block that follows the README's own words for running the whole suite.
        $readme = Get-Content (Join-Path $script:Root 'README.md') -Raw
        if ($readme -notmatch '(?s)Run the whole test suite[^\n]*\n\s*\n```[^\n]*\n(?<command>[^\n]+)\n```') { throw 'The README has no test command after "Run the whole test suite".' }
        $Matches.command.Trim()
    }

    # Runs -Script with PSGALLERY_API_KEY set to -Key (none: unset), then gives the variable back.
    function Invoke-WithApiKey($Key, [scriptblock] $Script) {
        $saved = $env:PSGALLERY_API_KEY
        $env:PSGALLERY_API_KEY = $Key
        try { & $Script }
        finally { $env:PSGALLERY_API_KEY = $saved }
    }
}

Describe 'The workflow files' {
    BeforeEach { if ($script:NotApplicable) { Set-ItResult -Skipped -Because $script:NotApplicable } }

    It 'Is_a_valid_GitHub_Actions_workflow <Name>' -ForEach @(@{ Name = 'CI' }, @{ Name = 'Release' }) {
        $result = Invoke-WorkflowValidator $Workflows[$Name]
        $result.ExitCode | Should -Be 0 -Because "action-validator reported: $($result.Output)"
    }

    It 'Would_fail_validation_if_broken <Name>' -ForEach @(@{ Name = 'CI' }, @{ Name = 'Release' }) {
        # The same file with one misspelt key: the check above would catch such a workflow.
        $broken = Join-Path $TestDrive "broken-$Name.yml"
        $text = Get-Content $Workflows[$Name] -Raw
        $text -match 'runs-on:' | Should -BeTrue
        Set-Content $broken ($text -replace 'runs-on:', 'runs_on:') -NoNewline

        $result = Invoke-WorkflowValidator $broken
        $result.ExitCode | Should -Not -Be 0
        $result.Output | Should -Match "Additional property 'runs_on' is not allowed"
    }
}

Describe 'The CI workflow' {
    BeforeAll {
        if ($script:NotApplicable) { return }
        $script:CI = Read-Workflow $Workflows.CI
    }

    BeforeEach { if ($script:NotApplicable) { Set-ItResult -Skipped -Because $script:NotApplicable } }

    It 'Runs_on_every_push_and_pull_request' {
        $CI.on.Keys | Should -Contain 'push'
        $CI.on.Keys | Should -Contain 'pull_request'
        $CI.on.push | Should -BeNullOrEmpty -Because 'a push to any branch is tested'
    }

    It 'Runs_exactly_the_READMEs_test_command_on_Linux_Windows_and_macOS' {
        $command = Get-ReadmeTestCommand
        $command | Should -Be 'dotnet tool restore && dotnet pwsh ./build.ps1 -Task Test'
        $job = $CI.jobs.test
        $job.'runs-on' | Should -Be '${{ matrix.os }}'
        $job.strategy.matrix.os | Should -Be @('ubuntu-latest', 'windows-latest', 'macos-latest')
        $job.strategy.'fail-fast' | Should -BeFalse -Because 'one platform failing must not hide the others'
        $runs = @($job.steps | Where-Object { $_.ContainsKey('run') })
        $runs.Count | Should -Be 1
        $runs[0].run.Trim() | Should -BeExactly $command
        $runs[0].shell | Should -Be 'bash' -Because 'the command is written for a POSIX shell, and bash runs it on all three'
        $setup = @($job.steps | Where-Object { $_.uses -like 'actions/setup-dotnet@*' })
        $setup.Count | Should -Be 1
        $setup[0].with.'dotnet-version' | Should -BeLike '10.0*'
    }

    It 'Runs_the_same_command_as_this_repositorys_own_CI_script' {
        $lines = @(Get-Content (Join-Path $Root '.ci/run') | Where-Object { $_ -and $_ -notmatch '^\s*#' })
        $lines[-1].Trim() | Should -BeExactly (Get-ReadmeTestCommand)
    }

    It 'Runs_the_Pester_suites_in_Windows_PowerShell_5_1_against_the_built_module' {
        $job = $CI.jobs.'windows-powershell'
        $job.'runs-on' | Should -Be 'windows-latest'
        $steps = @($job.steps | Where-Object { $_.ContainsKey('run') })
        $steps[0].run.Trim() | Should -BeExactly 'dotnet tool restore && dotnet pwsh ./build.ps1 -Task TestSetup'
        $pester = @($steps | Where-Object { $_.run -match 'Invoke-PesterSuite\.ps1' })
        $pester.Count | Should -Be 1
        $pester[0].shell | Should -Be 'powershell' -Because 'shell: powershell is Windows PowerShell 5.1'
        $pester[0].run | Should -Match '-ModulePath \./out/AccessToken/AccessToken\.psd1'
        $pester[0].run | Should -Match 'PSEdition -ne ''Desktop'''
        $pester[0].run | Should -Match 'exit \$LASTEXITCODE'
    }

    It 'Uploads_the_test_results_of_every_job_even_when_tests_fail <Job>' -ForEach @(@{ Job = 'test' }, @{ Job = 'windows-powershell' }) {
        $upload = @($CI.jobs[$Job].steps | Where-Object { $_.uses -like 'actions/upload-artifact@*' })
        $upload.Count | Should -Be 1
        $upload[0].if | Should -Be 'always()'
        $upload[0].with.path | Should -Be 'out/test-results/'
    }
}

Describe 'The release workflow' {
    BeforeAll {
        if ($script:NotApplicable) { return }
        $script:Release = Read-Workflow $Workflows.Release
        $script:Publisher = Join-Path $Root 'tools/Publish-Release.ps1'
        $script:Version = (Import-PowerShellDataFile (Join-Path $Root 'AccessToken.psd1')).ModuleVersion
        # A package where the publisher looks for it; only its name is read before publishing.
        $script:PackageFolder = New-Item -ItemType Directory -Force (Join-Path $TestDrive 'out')
        Set-Content (Join-Path $script:PackageFolder "AccessToken.$script:Version.nupkg") 'not a package'
    }

    BeforeEach { if ($script:NotApplicable) { Set-ItResult -Skipped -Because $script:NotApplicable } }

    It 'Starts_on_a_version_tag_or_by_hand' {
        $Release.on.push.tags | Should -Be @('v*')
        $Release.on.workflow_dispatch.inputs.'dry-run'.type | Should -Be 'boolean'
    }

    It 'Tests_then_packages_then_checks_the_tag_and_publishes_with_the_secret' {
        $runs = @($Release.jobs.release.steps | Where-Object { $_.ContainsKey('run') })
        $runs[0].run.Trim() | Should -BeExactly (Get-ReadmeTestCommand)
        $runs[1].run.Trim() | Should -BeExactly 'dotnet pwsh ./build.ps1 -Task Package'
        $runs[2].run | Should -Match 'tools/Publish-Release\.ps1 -Tag "\$TAG"'
        $runs[2].env.PSGALLERY_API_KEY | Should -Be '${{ secrets.PSGALLERY_API_KEY }}'
        $runs[2].run | Should -Not -Match 'PSGALLERY_API_KEY' -Because 'the key travels in the environment, never on a command line'
    }

    It 'Refuses_a_tag_that_is_not_the_manifests_version' {
        { & $Publisher -Tag 'v99.0.0' -PackagePath $PackageFolder -ManifestPath (Join-Path $Root 'AccessToken.psd1') -DryRun } |
            Should -Throw "*'v99.0.0' does not name the manifest's version $Version*"
    }

    It 'Stops_before_publishing_and_says_so_without_the_API_key' {
        # A repository that does not exist: reaching Publish-PSResource would fail the call.
        $said = Invoke-WithApiKey $null { & $Publisher -Tag "v$Version" -PackagePath $PackageFolder -ManifestPath (Join-Path $Root 'AccessToken.psd1') -Repository 'NoSuchRepository' 6>&1 }
        ($said -join "`n") | Should -Match "Dry run: .*AccessToken\.$([regex]::Escape($Version))\.nupkg was checked and is not published to NoSuchRepository, because the PSGALLERY_API_KEY secret is not set"
    }

    It 'Stops_before_publishing_on_a_dry_run_even_with_the_API_key' {
        $said = Invoke-WithApiKey 'not-a-real-key' { & $Publisher -Tag "v$Version" -PackagePath $PackageFolder -ManifestPath (Join-Path $Root 'AccessToken.psd1') -Repository 'NoSuchRepository' -DryRun 6>&1 }
        ($said -join "`n") | Should -Match 'is not published to NoSuchRepository, because a dry run was asked for'
        ($said -join "`n") | Should -Not -Match 'not-a-real-key'
    }

    It 'Publishes_only_a_tagged_version' {
        { Invoke-WithApiKey 'not-a-real-key' { & $Publisher -Tag '' -PackagePath $PackageFolder -ManifestPath (Join-Path $Root 'AccessToken.psd1') -Repository 'NoSuchRepository' } } |
            Should -Throw '*Only a tagged version is published*'
    }

    It 'Hands_the_package_to_Publish_PSResource_when_the_key_is_set' {
        # Publish-PSResource is reached with the package and the key: the named repository does
        # not exist, so its own error is what comes back, and nothing leaves this machine.
        { Invoke-WithApiKey 'not-a-real-key' { & $Publisher -Tag "v$Version" -PackagePath $PackageFolder -ManifestPath (Join-Path $Root 'AccessToken.psd1') -Repository 'NoSuchRepository' } } |
            Should -Throw '*NoSuchRepository*'
    }
}
