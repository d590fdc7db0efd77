# Listing today's paged collections: one stream of objects across pages, the pages after the
# first requested up to -ThrottleLimit at once and written in order, early ends, lists that
# change while they are read, a page that fails, Ctrl+C between pages, and progress.
BeforeAll {
    Import-Module (Join-Path $PSScriptRoot 'TestSuite.psm1') -Force
    $script:State = Enter-TestSuite

    # The seeded ids of generated tokens First..Last, which is also their order by name.
    function Get-SeedIds([int] $First, [int] $Last) { $First..$Last | Get-EmulatorSeedId }

    function Get-PageNumbers { @(Get-ListRequest $script:Emulator | ForEach-Object Page) }

    # Fault rule matching one page of the caller's list.
    function New-PageRule([int] $Page, [hashtable] $Fault) {
        @{ path = '^/me/tokens$'; query = "[?&]page=$Page(&|$)" } + $Fault
    }
}

AfterAll {
    Exit-TestSuite $script:State
}

Describe 'One stream across pages' {
    It 'Writes_every_token_of_every_page_once_in_list_order' {
        Reset-Emulator $script:Emulator -SeedCount 350

        $tokens = @(Get-AccessToken)

        $tokens.Id | Should -Be (Get-SeedIds 1 350)
        $requests = @(Get-ListRequest $script:Emulator)
        $requests.Page | Sort-Object | Should -Be @(0, 1, 2, 3)
        foreach ($request in $requests) { $request.query | Should -Match '[?&]perPage=100(&|$)' }
    }

    It 'Reads_<Count>_tokens_with_<Pages>_request(s)' -ForEach @(
        @{ Count = 100; Pages = 1 }
        @{ Count = 101; Pages = 2 }
        @{ Count = 200; Pages = 2 }
    ) {
        Reset-Emulator $script:Emulator -SeedCount $Count

        @(Get-AccessToken).Count | Should -Be $Count

        Get-PageNumbers | Sort-Object | Should -Be @(0..($Pages - 1))
    }

    It 'An_empty_list_writes_nothing_and_no_error_after_one_request <Case>' -ForEach @(
        @{ Case = 'of an application without tokens'; Arguments = @{ ApplicationId = '5b0000000000000000000003' }; Path = '/applications/5b0000000000000000000003/tokens' }
        @{ Case = 'of the caller, emptied'; Arguments = @{}; Path = '/me/tokens' }
    ) {
        Reset-Emulator $script:Emulator
        $null = Add-EmulatorMutation $script:Emulator -Path /me/tokens -Remove 5

        $tokens = @(Get-AccessToken @Arguments -ErrorVariable failures)

        $tokens.Count | Should -Be 0
        $failures.Count | Should -Be 0
        @(Get-ListRequest $script:Emulator -Path $Path).Page | Should -Be @(0)
    }

    It 'Writes_pages_in_order_when_later_pages_answer_first' {
        Reset-Emulator $script:Emulator -SeedCount 400
        Set-EmulatorFault $script:Emulator (New-PageRule 1 @{ kind = 'latency'; latencyMs = 800 })

        $tokens = @(Get-AccessToken)

        $tokens.Id | Should -Be (Get-SeedIds 1 400)
    }
}

Describe 'Pages in flight' {
    BeforeEach { Reset-Emulator $script:Emulator -SeedCount 1000 }

    # Page 1 never answers, so every page sent is one the cmdlet asked for while page 1 was in
    # flight; pages are taken in order, so none is asked for once the limit is reached.
    It 'With_<Given>_asks_for_pages_<Expected>_while_page_1_is_unanswered' -ForEach @(
        @{ Given = 'no ThrottleLimit'; Arguments = ''; Expected = @(0, 1, 2, 3, 4, 5, 6, 7, 8) }
        @{ Given = 'ThrottleLimit 1'; Arguments = '-ThrottleLimit 1'; Expected = @(0, 1) }
        @{ Given = 'ThrottleLimit 2'; Arguments = '-ThrottleLimit 2'; Expected = @(0, 1, 2) }
        @{ Given = 'ThrottleLimit 6'; Arguments = '-ThrottleLimit 6'; Expected = @(0, 1, 2, 3, 4, 5, 6) }
    ) {
        Set-EmulatorFault $script:Emulator (New-PageRule 1 @{ kind = 'hang' })

        Wait-RunspaceStall $script:Emulator "Get-AccessToken $Arguments" -Count $Expected.Count

        Get-PageNumbers | Sort-Object | Should -Be $Expected
    }

    It 'Pages_after_the_first_overlap_in_time_by_default' {
        Reset-Emulator $script:Emulator -SeedCount 900
        Set-EmulatorConfig $script:Emulator -LatencyMs 1500

        @(Get-AccessToken).Id | Should -Be (Get-SeedIds 1 900)

        $requests = @(Get-ListRequest $script:Emulator)
        $requests[0].Page | Should -Be 0
        $later = @($requests | Where-Object Page -GT 0)
        $later.Page | Sort-Object | Should -Be @(1..8)
        # Each answer takes 1.5 s: all eight arrived while the first of them was still waiting.
        $first = ($later.At | Measure-Object -Property UtcTicks -Minimum).Minimum
        foreach ($request in $later) { ($request.At.UtcTicks - $first) / 10000 | Should -BeLessThan 1200 }
        ($later[0].At - $requests[0].At).TotalMilliseconds | Should -BeGreaterOrEqual 1400
    }

    It 'Pages_follow_one_another_with_ThrottleLimit_1' {
        Reset-Emulator $script:Emulator -SeedCount 300
        Set-EmulatorConfig $script:Emulator -LatencyMs 1000

        @(Get-AccessToken -ThrottleLimit 1).Id | Should -Be (Get-SeedIds 1 300)

        $requests = @(Get-ListRequest $script:Emulator)
        $requests.Page | Should -Be @(0, 1, 2)
        # Each is sent only once the answer before it, 1 s late, has arrived.
        for ($i = 1; $i -lt $requests.Count; $i++) {
            ($requests[$i].At - $requests[$i - 1].At).TotalMilliseconds | Should -BeGreaterOrEqual 950
        }
    }
}

Describe 'Ending early' {
    It 'Select_Object_First_3_stops_asking_for_pages <Given>' -ForEach @(
        @{ Given = 'by default'; Arguments = @{}; AtMost = 9 }
        @{ Given = 'with ThrottleLimit 1'; Arguments = @{ ThrottleLimit = 1 }; AtMost = 2 }
    ) {
        Reset-Emulator $script:Emulator -SeedCount 2000
        Set-EmulatorConfig $script:Emulator -LatencyMs 200

        $first = @(Get-AccessToken @Arguments | Select-Object -First 3)

        $first.Id | Should -Be (Get-SeedIds 1 3)
        # Page 0 and the pages already in flight when it was taken, of 20; and no more come later.
        $sent = @(Get-ListRequest $script:Emulator).Count
        $sent | Should -BeLessOrEqual $AtMost
        Start-Sleep -Milliseconds 800
        @(Get-ListRequest $script:Emulator).Count | Should -Be $sent
    }

    It 'Stop_ends_a_listing_waiting_for_<Case>_within_one_second' -ForEach @(
        @{ Case = 'a page that never answers'; Fault = @{ kind = 'hang' } }
        @{ Case = 'a retry of a page'; Fault = @{ kind = 'status'; status = 503; retryAfter = '30' } }
    ) {
        Reset-Emulator $script:Emulator -SeedCount 350
        Set-EmulatorFault $script:Emulator (New-PageRule 1 $Fault)

        # Page 0 answered and pages 1 to 3 were asked for: the cmdlet waits between pages.
        $elapsed = Measure-RunspaceStop $script:Emulator 'Get-AccessToken' -Count 4

        $elapsed.TotalSeconds | Should -BeLessThan 1
    }
}

Describe 'A list that changes while it is read' {
    BeforeEach { Reset-Emulator $script:Emulator -SeedCount 250 }

    It 'Tokens_added_before_page_1_shift_seen_tokens_onto_it_and_each_is_written_once' {
        $null = Add-EmulatorMutation $script:Emulator -Path /me/tokens -AfterPage 0 -Add 30

        $tokens = @(Get-AccessToken -ErrorVariable failures)

        $failures.Count | Should -Be 0
        $tokens.Id | Should -Be (Get-SeedIds 1 250)
        # The server did send tokens of page 0 again on page 1: 30 new names sort first.
        $page1 = Invoke-EmulatorApi $script:Emulator '/me/tokens?page=1&perPage=100'
        $page1.items[0].id | Should -Be (Get-EmulatorSeedId 71)
        @(Get-ListRequest $script:Emulator).Count | Should -BeLessOrEqual 4
    }

    It 'Tokens_removed_before_page_1_end_the_list_without_error_or_duplicates' {
        $null = Add-EmulatorMutation $script:Emulator -Path /me/tokens -AfterPage 0 -Remove 50

        $tokens = @(Get-AccessToken -ErrorVariable failures)

        $failures.Count | Should -Be 0
        $tokens.Id | Should -Be (@(Get-SeedIds 1 100) + @(Get-SeedIds 151 250))
        @(Get-ListRequest $script:Emulator).Count | Should -BeLessOrEqual 4
    }

    It 'A_page_that_brings_nothing_new_ends_the_list_instead_of_looping' {
        # Before every page, a page of new tokens sorts in front: each page repeats the one before.
        foreach ($page in 0..20) { $null = Add-EmulatorMutation $script:Emulator -Path /me/tokens -AfterPage $page -Add 100 }

        $tokens = @(Get-AccessToken -ThrottleLimit 1 -ErrorVariable failures)

        $failures.Count | Should -Be 0
        $tokens.Id | Should -Be (Get-SeedIds 1 100)
        Get-PageNumbers | Should -Be @(0, 1)
    }
}

Describe 'A page that fails' {
    BeforeEach { Reset-Emulator $script:Emulator -SeedCount 350 }

    It 'Gives_one_error_after_the_tokens_of_the_pages_before_it' {
        Set-EmulatorFault $script:Emulator (New-PageRule 2 @{ kind = '503' })

        $output = @(Get-AccessToken -MaxRetries 1 -ErrorAction Continue 2>&1)

        $output.Count | Should -Be 201
        @($output[0..199]).Id | Should -Be (Get-SeedIds 1 200)
        $output[200] | Should -BeOfType ([System.Management.Automation.ErrorRecord])
        $output[200].CategoryInfo.Category | Should -Be 'ResourceUnavailable'
        $output[200].Exception.Message | Should -Match 'page=2'
        # One try and one retry of page 2.
        @(Get-PageNumbers | Where-Object { $_ -eq 2 }).Count | Should -Be 2
    }

    It 'Tokens_written_before_a_stopping_error_stay_written' {
        Set-EmulatorFault $script:Emulator (New-PageRule 1 @{ kind = '500' })
        $received = [System.Collections.Generic.List[object]]::new()

        { Get-AccessToken -MaxRetries 0 -ErrorAction Stop | ForEach-Object { $received.Add($_) } } | Should -Throw -ErrorId 'ServiceUnavailable,*'

        $received.Id | Should -Be (Get-SeedIds 1 100)
    }
}

Describe 'Progress' {
    It 'A_listing_of_several_pages_reports_each_page_then_completes' {
        Reset-Emulator $script:Emulator -SeedCount 350

        $run = Invoke-CmdletRunspace 'Get-AccessToken'

        $run.Output.Count | Should -Be 350
        $records = $run.Progress
        $records.Count | Should -Be 5
        $records[0..3].StatusDescription | Should -Be @('page 1 of 4', 'page 2 of 4', 'page 3 of 4', 'page 4 of 4')
        $records[0..3].PercentComplete | Should -Be @(25, 50, 75, 100)
        $records[0..3].RecordType | Should -Be @('Processing', 'Processing', 'Processing', 'Processing')
        $records[4].RecordType | Should -Be 'Completed'
        @($records.ActivityId | Select-Object -Unique).Count | Should -Be 1
        $records[0].Activity | Should -Be 'Listing access tokens'
    }

    It 'A_listing_of_one_page_reports_no_progress' {
        Reset-Emulator $script:Emulator -SeedCount 100

        $run = Invoke-CmdletRunspace 'Get-AccessToken'

        $run.Output.Count | Should -Be 100
        $run.Progress.Count | Should -Be 0
    }
}
