# -Name and -Status under today's API: what the server is asked to filter (one field at most, a
# single name as a glob), how it is written in the query, and the check on the client that keeps
# PowerShell's own wildcard rules whatever the server answers.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite

    function Get-Query { @(Get-ListRequest $script:Emulator | ForEach-Object query) }

    # The caller's tokens as the server lists them (by name), and what PowerShell's -like keeps of them.
    function Get-Expected([string] $Pattern, [string] $Status) {
        Get-EmulatorApiToken $script:Emulator | Sort-Object name |
            Where-Object { $_.name -like $Pattern -and (-not $Status -or $_.status -eq $Status) } | ForEach-Object name
    }

    # An answer to every list request that ignores any filter: these tokens, whatever was asked.
    function Set-UnfilteredAnswer([object[]] $Tokens) {
        $items = foreach ($token in $Tokens) { [ordered]@{ id = $token.Id; name = $token.Name; status = $token.Status; scope = @() } }
        $body = [ordered]@{ items = @($items); count = $Tokens.Count; totalCount = $Tokens.Count; perPage = 100; page = 0 } | ConvertTo-Json -Depth 5 -Compress
        Set-EmulatorFault $script:Emulator @{ method = 'GET'; path = '^/me/tokens$'; kind = 'wrongShape'; body = $body }
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'What the server is asked to filter' {
    BeforeEach { Reset-Emulator $script:Emulator }

    It 'A_single_name_<Name>_is_sent_as_filter_<Sent>' -ForEach @(
        @{ Name = 'Deploy pipeline'; Sent = 'Deploy%20pipeline' }
        @{ Name = 'd*'; Sent = 'd%2A' }
        @{ Name = 'De?loy*'; Sent = 'De%2Aloy%2A' }
        @{ Name = '[DB]a*'; Sent = '%2Aa%2A' }
        @{ Name = '*[er]'; Sent = '%2A' }
        @{ Name = 'x**y?*'; Sent = 'x%2Ay%2A' }
        @{ Name = 'a`*b'; Sent = 'a%2Ab' }
        @{ Name = "Caf$([char]0xE9) & co+1/2"; Sent = 'Caf%C3%A9%20%26%20co%2B1%2F2' }
    ) {
        $null = Get-AccessToken -Name $Name -ErrorAction SilentlyContinue

        Get-Query | Should -BeExactly @("$FirstPageQuery&filterField=name&filter=$Sent")
    }

    It 'Several_names_send_no_filter' {
        $tokens = @(Get-AccessToken -Name 'd*', 'Backup job')

        $tokens.Name | Should -Be @('Backup job', 'Dashboard viewer', 'Deploy pipeline')
        Get-Query | Should -BeExactly @($FirstPageQuery)
    }

    It 'Status_<Status>_alone_is_sent_as_filterField_status' -ForEach @(
        @{ Status = 'Inactive'; Sent = 'inactive'; Names = @('Backup job', 'Old integration') }
        @{ Status = 'Active'; Sent = 'active'; Names = @('Dashboard viewer', 'Deploy pipeline', 'Fleet telemetry reader') }
    ) {
        $tokens = @(Get-AccessToken -Status $Status)

        $tokens.Name | Should -Be $Names
        Get-Query | Should -BeExactly @("$FirstPageQuery&filterField=status&filter=$Sent")
    }

    It 'Status_null_is_refused_before_any_request <Command>' -ForEach @(
        @{ Command = 'Get-AccessToken'; Arguments = @{} }
        @{ Command = 'Set-AccessToken'; Arguments = @{ AccessTokenId = '5a0000000000000000000001' } }
    ) {
        # Given, -Status names a status to filter by or to set; $null (a misspelt variable) is no status.
        { & $Command @Arguments -Status $null -ErrorAction Stop } | Should -Throw -ErrorId 'ParameterArgumentValidationError*'

        @(Get-EmulatorRequest $script:Emulator).Count | Should -Be 0
    }

    It 'Status_with_one_name_sends_the_name_and_checks_the_status_here' {
        $tokens = @(Get-AccessToken -Name '*o*' -Status Inactive)

        $tokens.Name | Should -Be @('Backup job', 'Old integration')
        Get-Query | Should -BeExactly @("$FirstPageQuery&filterField=name&filter=%2Ao%2A")
    }

    It 'Status_with_several_names_sends_no_filter' {
        $tokens = @(Get-AccessToken -Name 'b*', 'o*', 'd*' -Status Inactive)

        $tokens.Name | Should -Be @('Backup job', 'Old integration')
        Get-Query | Should -BeExactly @($FirstPageQuery)
    }

    It 'The_filter_goes_with_every_page_of_a_long_list' {
        Reset-Emulator $script:Emulator -SeedCount 350

        $tokens = @(Get-AccessToken -Name 'token 00[12]*')

        $tokens.Count | Should -Be 200
        $tokens[0].Name | Should -Be 'Token 00100'
        $tokens[-1].Name | Should -Be 'Token 00299'
        # The server's glob is token 00*, which all 350 match: four pages, each asked with the filter.
        $queries = Get-Query
        $queries.Count | Should -Be 4
        foreach ($query in $queries) { $query | Should -Match '&filterField=name&filter=token%2000%2A$' }
    }

    It 'The_filter_goes_to_an_application_list_too' {
        $tokens = @(Get-AccessToken -ApplicationId 5b0000000000000000000001 -Name 'd*')

        $tokens.Name | Should -Be @('Dashboard kiosk', 'Device provisioning')
        @(Get-ListRequest $script:Emulator -Path /applications/5b0000000000000000000001/tokens).query |
            Should -BeExactly @("$FirstPageQuery&filterField=name&filter=d%2A")
    }
}

Describe 'The check on the client' {
    BeforeEach {
        Reset-Emulator $script:Emulator
        # Names the server's glob matches for De?loy* (sent as De*loy*) but PowerShell's does not, or does.
        'Deloy one', 'Deeeloy two', 'DEXLOY three', 'Deploy' | ForEach-Object { $null = Invoke-EmulatorApi $script:Emulator /me/tokens -Method Post -Body @{ name = $_ } }
        Clear-EmulatorRequest $script:Emulator
    }

    It 'Name_<Pattern>_gives_exactly_what_PowerShell_matches' -ForEach @(
        @{ Pattern = 'De?loy*' }
        @{ Pattern = 'DEPLOY PIPELINE' }
        @{ Pattern = 'd*' }
        @{ Pattern = '*o?e*' }
        @{ Pattern = '[DB]a*' }
        @{ Pattern = '*[er]' }
        @{ Pattern = '[a-d]?[!p]*' }
        @{ Pattern = 'deploy' }
    ) {
        $expected = @(Get-Expected $Pattern)
        $expected.Count | Should -BeGreaterThan 0 -Because 'each pattern matches some seeded name'

        $tokens = @(Get-AccessToken -Name $Pattern)

        $tokens.Name | Should -Be $expected
    }

    It 'The_server_answers_more_than_a_question_mark_allows_and_the_extra_tokens_are_dropped' {
        $server = Invoke-EmulatorApi $script:Emulator '/me/tokens?filterField=name&filter=De%2Aloy%2A'
        @($server.items.name) | Should -Contain 'Deloy one'
        @($server.items.name) | Should -Contain 'Deeeloy two'

        $tokens = @(Get-AccessToken -Name 'De?loy*')

        $tokens.Name | Should -Be @('Deploy', 'Deploy pipeline', 'DEXLOY three')
    }

    It 'Tokens_a_server_sends_that_do_not_match_<Given>_are_dropped' -ForEach @(
        @{ Given = 'the name'; Arguments = @{ Name = 'Deploy*' }; Expected = @('Deploy pipeline') }
        @{ Given = 'the status'; Arguments = @{ Status = 'Inactive' }; Expected = @('Old integration') }
        @{ Given = 'name and status'; Arguments = @{ Name = '*o*'; Status = 'Active' }; Expected = @('Deploy pipeline') }
    ) {
        Set-UnfilteredAnswer @(
            @{ Id = '5a0000000000000000000002'; Name = 'Deploy pipeline'; Status = 'active' }
            @{ Id = '5a0000000000000000000003'; Name = 'Old integration'; Status = 'inactive' }
            @{ Id = '5a00000000000000000000a1'; Name = 'Unrelated'; Status = 'active' }
        )

        $tokens = @(Get-AccessToken @Arguments -ErrorVariable failures)

        $failures.Count | Should -Be 0
        $tokens.Name | Should -Be $Expected
    }

    It 'A_name_without_wildcards_that_the_server_does_not_find_is_AccessTokenNotFound' {
        $failures = @(Get-ErrorRecord { Get-AccessToken -Name 'Deploy pipe' })

        $failures.Count | Should -Be 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'AccessTokenNotFound,*'
        $failures[0].TargetObject | Should -Be 'Deploy pipe'
        Get-Query | Should -BeExactly @("$FirstPageQuery&filterField=name&filter=Deploy%20pipe")
    }
}
